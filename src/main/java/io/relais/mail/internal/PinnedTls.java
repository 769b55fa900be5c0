package io.relais.mail.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS to a mailbox's servers pinned to certificates the administrator pasted (PEM): for an internal
 * server with a self-signed or private-CA certificate. The connection is trusted only when the server's
 * chain contains one of those certificates, byte for byte; the host name check is then left out, since
 * the pin is stricter than it. Without a pin the JVM's trust store and the host name check apply.
 */
public final class PinnedTls {
    private PinnedTls() {}

    /** The certificates of a PEM text; empty for a blank text; an exception for anything else. */
    public static List<X509Certificate> parse(String pem) throws CertificateException {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new CertificateException("no \"-----BEGIN CERTIFICATE-----\" block");
        }
        var factory = CertificateFactory.getInstance("X.509");
        var out = new ArrayList<X509Certificate>();
        for (var c : factory.generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate");
        }
        return out;
    }

    /** Sets the pin on a Jakarta Mail session's properties for {@code protocol} (imaps, pop3s, smtp, smtps). */
    static void apply(Properties props, String protocol, String pem) {
        if (pem == null || pem.isBlank()) {
            return;
        }
        List<X509Certificate> pinned;
        try {
            pinned = parse(pem);
        } catch (CertificateException e) {
            // Validated when saved; a stored value that no longer parses trusts nothing rather than everything.
            pinned = List.of();
        }
        props.put("mail." + protocol + ".ssl.socketFactory", factory(pinned));
        props.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        // Jakarta Mail would otherwise retry a refused handshake with the default factory (and its trust store).
        props.put("mail." + protocol + ".socketFactory.fallback", "false");
        props.put("mail." + protocol + ".ssl.socketFactory.fallback", "false");
    }

    static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (Exception e) {
            return "?";
        }
    }

    private static SSLSocketFactory factory(List<X509Certificate> pinned) {
        var trust = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0) {
                    throw new CertificateException("the server sent no certificate");
                }
                for (var presented : chain) {
                    for (var pin : pinned) {
                        if (java.util.Arrays.equals(presented.getEncoded(), pin.getEncoded())) {
                            presented.checkValidity();
                            return;
                        }
                    }
                }
                throw new CertificateException("the server's certificate (SHA-256 " + fingerprint(chain[0])
                        + ") is not the one pinned for this mailbox");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return pinned.toArray(new X509Certificate[0]);
            }
        };
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context.getSocketFactory();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }
}
