package io.relais.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The transfer encoding of an outgoing text, chosen from its characters: what Jakarta Mail would choose, read back intact. */
class TransferEncodingTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    private static final String[] TEXTS = {
        "Hello,\n\nwe received your request about the printer on floor 3.\n",
        "Bonjour,\n\nnous avons bien reçu votre demande : l'imprimante du 3e étage affiche « 0x80070005 ».\n",
        "Здравствуйте! Мы получили ваш запрос о принтере на третьем этаже.",
        "您好，我们已收到您关于三楼打印机的请求。",
        "x".repeat(1200),
        "ligne\r\n> citée\r\n\r\n",
        "",
    };

    @Test
    void choosesWhatJakartaMailWouldChoose() throws Exception {
        for (var text : TEXTS) {
            var jakarta = MimeUtility.getEncoding(new DataHandler(text, "text/plain; charset=UTF-8"));
            assertThat(OutgoingMail.transferEncoding(text)).as(text).isEqualTo(jakarta);
        }
    }

    @Test
    void aMessageWithTheChosenEncodingReadsBackAsWritten() throws Exception {
        for (var text : TEXTS) {
            var message = new MimeMessage(SESSION);
            message.setSubject("test");
            message.setText(text, "UTF-8");
            message.setHeader("Content-Transfer-Encoding", OutgoingMail.transferEncoding(text));
            message.saveChanges();
            var out = new ByteArrayOutputStream();
            message.writeTo(out);
            var read = new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
            assertThat(read.getEncoding()).isEqualTo(OutgoingMail.transferEncoding(text));
            // quoted-printable and base64 carry line breaks as CRLF, as mail does
            assertThat(String.valueOf(read.getContent()).replace("\r\n", "\n")).as(text).isEqualTo(text.replace("\r\n", "\n"));
        }
    }
}
