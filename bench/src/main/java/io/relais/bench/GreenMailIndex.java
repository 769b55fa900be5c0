package io.relais.bench;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Two of GreenMail's look-ups made to use the bench mailbox's {@link IndexedMessages}, in the bench's
 * JVM only. For every FETCH and every STORE, GreenMail's IMAP session walks the whole folder and, for each
 * message, finds its sequence number by scanning the folder's UID list from the start
 * ({@code ImapSessionFolder.getMsn}); and it finds a message by UID by walking the list
 * ({@code HierarchicalFolder.getMessage}). A command of 50 messages in a folder of 10,000 costs it 50
 * million comparisons: at mail_ingest's 10,000 messages GreenMail's IMAP thread used as much CPU as
 * Relais's intake, on the same two cores. A real IMAP server keeps an index; so does this one now.
 *
 * <p>The patch is advice woven into those two methods when the class loads (Byte Buddy's agent, attached
 * to this JVM): when the folder is one that {@link #register} was given, the answer comes from its
 * index (a binary search: UIDs only grow within a folder); for any other folder, or a UID not in the
 * index, GreenMail's own code runs. If the agent cannot attach, nothing is patched and the bench says so.
 */
public final class GreenMailIndex {
    private GreenMailIndex() {}

    private static final Map<Object, IndexedMessages> FOLDERS = Collections.synchronizedMap(new IdentityHashMap<>());
    private static volatile String installed;

    /** Weaves the advice into GreenMail's classes (once); returns a description of what was done. */
    static synchronized String install() {
        if (installed != null) {
            return installed;
        }
        try {
            var instrumentation = ByteBuddyAgent.install();
            new AgentBuilder.Default()
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .type(named("com.icegreen.greenmail.imap.ImapSessionFolder"))
                    .transform((builder, type, loader, module, domain) ->
                            builder.visit(Advice.to(SequenceNumber.class).on(named("getMsn").and(takesArguments(long.class)))))
                    .type(named("com.icegreen.greenmail.store.HierarchicalFolder"))
                    .transform((builder, type, loader, module, domain) ->
                            builder.visit(Advice.to(MessageByUid.class).on(named("getMessage").and(takesArguments(long.class)))))
                    .installOn(instrumentation);
            installed = "patched";
        } catch (RuntimeException | LinkageError e) {
            System.err.println("mail_ingest: GreenMail's look-ups could not be patched (" + e + "); measuring with the stock ones");
            installed = "stock";
        }
        return installed;
    }

    /** The folder's look-ups answer from {@code index} from now on. */
    static void register(MailFolder folder, IndexedMessages index) {
        FOLDERS.put(folder, index);
    }

    /** The sequence number of {@code uid} in {@code folder}, or 0 when this class does not know (GreenMail's code answers). */
    public static int sequenceNumber(Object folder, long uid) {
        var index = FOLDERS.get(folder);
        return index == null ? 0 : index.msnOrZero(uid);
    }

    /** The message of {@code uid} in {@code folder}, or null when this class does not know (GreenMail's code answers). */
    public static StoredMessage message(Object folder, long uid) {
        var index = FOLDERS.get(folder);
        return index == null ? null : index.byUid(uid);
    }

    /** Woven into {@code ImapSessionFolder.getMsn(long)}, whose field {@code folder} is the folder it shows. */
    static final class SequenceNumber {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static int enter(@Advice.FieldValue("folder") Object folder, @Advice.Argument(0) long uid) {
            return GreenMailIndex.sequenceNumber(folder, uid);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter int known, @Advice.Return(readOnly = false) int msn) {
            if (known != 0) {
                msn = known;
            }
        }
    }

    /** Woven into {@code HierarchicalFolder.getMessage(long)}. */
    static final class MessageByUid {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static StoredMessage enter(@Advice.This Object folder, @Advice.Argument(0) long uid) {
            return GreenMailIndex.message(folder, uid);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter StoredMessage known, @Advice.Return(readOnly = false) StoredMessage message) {
            if (known != null) {
                message = known;
            }
        }
    }
}
