package io.relais.web;

import io.relais.common.AttachmentLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body by {@link AttachmentLimits#maxBodyBytes()} before anything reads it (first in the
 * filter chain, before the form filter and security): a declared length over the limit is answered 413 at once,
 * without reading; a body without a length (chunked) is read through a counter that fails at the limit, and the
 * API answers 413 too ({@link ApiProblems}). Multipart bodies are parsed by the server itself under
 * {@code spring.servlet.multipart.*}; the mail gateway reads and bounds its own body ({@code relais.mail.max-size}).
 */
class RequestBodyLimit extends OncePerRequestFilter {
    private final long limit;

    RequestBodyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/inbound/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            tooLarge(request, response, limit);
            return;
        }
        try {
            chain.doFilter(new Bounded(request, limit), response);
        } catch (IOException | ServletException | RuntimeException e) {
            // read outside the API's handlers (the form filter, a page): answered here if nothing was written yet
            if (!causedByTooLarge(e) || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            tooLarge(request, response, limit);
        }
    }

    /** Whether reading the body failed at the limit, however the reader wrapped the failure. */
    static boolean causedByTooLarge(Throwable e) {
        for (int depth = 0; e != null && depth < 20; e = e.getCause(), depth++) {
            if (e instanceof BodyTooLarge) {
                return true;
            }
        }
        return false;
    }

    static void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        // the rest of the body is not read: the connection cannot carry another request
        response.setHeader("Connection", "close");
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                    + "\"detail\":\"" + detail(limit) + "\"}");
        } else {
            response.sendError(413);
        }
    }

    static String detail(long limit) {
        return "The request body is larger than " + Math.max(1, limit / (1024 * 1024)) + " MB";
    }

    /** The body went past the limit while being read. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super(detail(limit));
        }
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            var encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding)));
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            var b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            var n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override public boolean isFinished() { return in.isFinished(); }
        @Override public boolean isReady() { return in.isReady(); }
        @Override public void setReadListener(ReadListener listener) { in.setReadListener(listener); }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(AttachmentLimits limits) {
            var registration = new FilterRegistrationBean<>(new RequestBodyLimit(limits.maxBodyBytes()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }
    }
}
