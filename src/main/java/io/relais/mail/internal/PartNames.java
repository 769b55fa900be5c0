package io.relais.mail.internal;

import io.relais.common.Letters;

/** Names and kinds of the files of a mail when the mail does not name them. */
final class PartNames {
    private PartNames() {}

    static String kind(String type, String filename) {
        var name = filename == null ? "" : Letters.lower(filename);
        if (name.equals("winmail.dat") || type.equals("application/ms-tnef") || type.equals("application/vnd.ms-tnef")) {
            return "winmail";
        }
        if (type.equals("text/calendar") || name.endsWith(".ics")) {
            return "calendar";
        }
        if (type.endsWith("pkcs7-signature") || type.equals("application/pgp-signature")) {
            return "signature";
        }
        return "file";
    }

    static String defaultName(String type, int n) {
        return switch (type) {
            case "text/calendar" -> "invite.ics";
            case "text/html" -> "part-" + n + ".html";
            case "text/plain" -> "part-" + n + ".txt";
            default -> "part-" + n + extension(type);
        };
    }

    static String extension(String type) {
        return switch (type) {
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "application/pdf" -> ".pdf";
            case "application/pkcs7-signature", "application/x-pkcs7-signature" -> ".p7s";
            case "application/pgp-signature" -> ".asc";
            default -> ".bin";
        };
    }
}
