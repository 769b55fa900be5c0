package io.relais.mail.internal;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import java.io.ByteArrayOutputStream;
import java.util.function.BooleanSupplier;
import org.eclipse.angus.mail.pop3.POP3Folder;

/**
 * One pass over a POP3 mailbox, on the worker's own thread. POP3 has no flags or folders: a message is taken (the
 * dedupe skips it on later reads) and, when the mailbox says so, deleted from the server once taken (the deletions
 * apply when the worker closes the folder).
 */
final class Pop3Pass {
    private final long mailboxId;
    private final MailIntake intake;
    private final BooleanSupplier goOn;

    Pop3Pass(long mailboxId, MailIntake intake, BooleanSupplier goOn) {
        this.mailboxId = mailboxId;
        this.intake = intake;
        this.goOn = goOn;
    }

    void pass(Mailbox mailbox, POP3Folder folder) throws Exception {
        var delete = mailbox.moveToFolder() != null && !mailbox.moveToFolder().isBlank();
        for (var message : folder.getMessages()) {
            if (!goOn.getAsBoolean()) {
                return;
            }
            var raw = raw(message);
            intake.take(mailboxId, raw);
            if (delete) {
                message.setFlag(Flags.Flag.DELETED, true);
            }
        }
    }

    private static byte[] raw(Message message) throws Exception {
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
