package io.relais.mail.internal;

/** A failure in one line, for a log, a mailbox's last error, a quarantine entry or a connection check. */
final class ErrorText {
    private ErrorText() {}

    static String describe(Throwable e) {
        var sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage().replaceAll("[\\r\\n]+", " "));
        }
        if (e.getCause() != null && e.getCause() != e) {
            sb.append(" (").append(e.getCause().getClass().getSimpleName()).append(": ")
                    .append(String.valueOf(e.getCause().getMessage()).replaceAll("[\\r\\n]+", " ")).append(')');
        }
        return sb.toString();
    }
}
