package io.relais.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of {@code /api/v1} (served at {@code /v3/api-docs}, browsed at {@code /swagger-ui.html}):
 * what the API is, and how a caller authenticates, so that Swagger UI offers its Authorize button. Every
 * route takes a personal API token; the mail gateway's route takes a mail gateway token instead.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {
    static final String PERSONAL_TOKEN = "personalToken";
    static final String GATEWAY_TOKEN = "mailGatewayToken";
    private static final String GATEWAY_PATHS = "/api/v1/inbound/";

    static {
        // The caller, resolved from the token, is no parameter: without this the document lists a required "actor"
        // query parameter on every operation.
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(io.relais.security.Actor.class);
    }

    @Bean
    OpenAPI relaisApi() {
        return new OpenAPI()
                .info(new Info().title("Relais REST API").version("1")
                        .description("""
                                The service desk's tickets, contacts, organizations, knowledge base and service levels, \
                                seen with the caller's rights: an agent sees the organizations their groups serve, a \
                                customer their own tickets (all of their organization's for its manager).

                                Authenticate with a personal API token (Account › API tokens, `rls_…`) sent as \
                                `Authorization: Bearer <token>`; the mail gateway route takes a mail gateway token \
                                (`rlg_…`, Administration › Mailboxes). Errors are `application/problem+json`: 400 for \
                                unreadable input (an unknown enum value lists the values allowed), 404 for what does not \
                                exist or is not yours to see, 409 for conflicts, 422 for invalid values, with the fields."""))
                .components(new Components()
                        .addSecuritySchemes(PERSONAL_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("rls_… personal API token")
                                .description("A personal API token: it acts as you, with your permissions."))
                        .addSecuritySchemes(GATEWAY_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("rlg_… mail gateway token")
                                .description("A mail gateway token, for a mail server handing over incoming messages.")))
                .security(List.of(new SecurityRequirement().addList(PERSONAL_TOKEN)));
    }

    /** The mail gateway's routes take the gateway token, not a personal one. */
    @Bean
    OpenApiCustomizer gatewaySecurity() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> {
                if (path.startsWith(GATEWAY_PATHS)) {
                    item.readOperations().forEach(o -> o.setSecurity(List.of(new SecurityRequirement().addList(GATEWAY_TOKEN))));
                }
            });
        };
    }
}
