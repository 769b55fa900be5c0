package io.relais.web;

import io.relais.security.Actor;
import io.relais.security.CurrentActor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {
    static final String LANGUAGE_COOKIE = "relais-lang";
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.FRENCH);

    private final CurrentActor currentActor;

    WebConfig(CurrentActor currentActor) {
        this.currentActor = currentActor;
    }

    /** The language chosen in the FR/EN switch (a cookie), else the person's own, else the browser's, else English. */
    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver(LANGUAGE_COOKIE) {
            @Override
            public Locale resolveLocale(jakarta.servlet.http.HttpServletRequest request) {
                var cookie = org.springframework.web.util.WebUtils.getCookie(request, LANGUAGE_COOKIE);
                if (cookie != null && ("fr".equals(cookie.getValue()) || "en".equals(cookie.getValue()))) {
                    return Locale.forLanguageTag(cookie.getValue());
                }
                var own = currentActor.find().map(Actor::language).filter(l -> "fr".equals(l) || "en".equals(l));
                if (own.isPresent()) {
                    return Locale.forLanguageTag(own.get());
                }
                var header = request.getHeader("Accept-Language");
                if (header != null && !header.isBlank()) {
                    try {
                        var match = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
                        if (match != null) {
                            return match;
                        }
                    } catch (IllegalArgumentException ignored) {
                        // A malformed header is not worth an error page: fall back to English.
                    }
                }
                return Locale.ENGLISH;
            }
        };
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    /** Lets handlers take the current {@link Actor} as a parameter. */
    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Actor.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                          WebDataBinderFactory binderFactory) {
                return currentActor.require();
            }
        });
    }
}
