package io.relais.mail.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text of mail bytes whatever their label says: mis-declared charsets are guessed, 8-bit headers read as UTF-8 or Windows-1252. */
final class MailCharsets {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private MailCharsets() {}

    record Decoded(String text, String charset, boolean guessed) {}

    /**
     * The declared charset when the bytes fit it; UTF-8 when they are valid UTF-8 (the most common
     * mis-declaration is UTF-8 text labelled Latin-1 or ASCII); Windows-1252 otherwise, which never fails.
     */
    static Decoded decodeText(byte[] bytes, String declared) {
        Charset charset = null;
        if (declared != null) {
            try {
                charset = Charset.forName(declared.trim().replace("\"", ""));
            } catch (RuntimeException e) {
                charset = null;
            }
        }
        var latinish = charset == null || charset.equals(StandardCharsets.US_ASCII)
                || charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(WINDOWS_1252);
        if (latinish && hasHighBytes(bytes)) {
            var utf8 = strict(bytes, StandardCharsets.UTF_8);
            if (utf8 != null) {
                return new Decoded(utf8, "UTF-8", charset != null && !charset.equals(StandardCharsets.UTF_8));
            }
        }
        if (charset != null) {
            var text = strict(bytes, charset);
            if (text != null) {
                return new Decoded(text, charset.name(), false);
            }
        }
        var utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return new Decoded(utf8, "UTF-8", declared != null);
        }
        return new Decoded(new String(bytes, WINDOWS_1252), "windows-1252", true);
    }

    private static boolean hasHighBytes(byte[] bytes) {
        for (var b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static String strict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException | UnsupportedOperationException e) {
            return null;
        }
    }

    static String decode8bit(byte[] bytes) {
        var utf8 = strict(bytes, StandardCharsets.UTF_8);
        return utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
    }
}
