package io.relais.mail;

import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.SupportLevel;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.security.Actor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * What {@link MailCrashTest} adds to the real application in the JVM it kills with {@code kill -9}: the
 * application's own main class runs, and these two beans come in through {@code spring.main.sources}. They carry
 * no stereotype, so the tests' own Spring context never picks them up, and the test puts only these classes (not
 * the other test classes) on the child's class path. Production code has no hook for them: {@link Points} wraps the
 * {@code DataSource}, so it sees the very statements and commits the application sends to the database.
 */
final class MailCrashChild {
    private MailCrashChild() {}

    /** Printed (with the pause's name) by a thread when it stops at a pause, where it then waits for the kill. */
    static final String PAUSED = "RELAIS-CRASH-PAUSED ";
    /** Printed by {@link Desk} with the ids of the mailboxes it created. */
    static final String DESK = "RELAIS-CRASH-DESK ";
    /**
     * System property: the pauses, separated by {@code ;}, each {@code name~before|after-commit~thread regex~SQL regex};
     * in the thread's regex, {@code {key}} stands for the id of the mailbox {@link Desk} made for that key.
     */
    static final String PAUSES = "relais.crash.pauses";
    /** The mailboxes of the desk: read over IMAP when the key starts with "imap", else over POP3 (deleting what it took). */
    static final List<String> MAILBOXES = List.of("imap1", "imap2", "pop1", "pop2");
    /** System property: the tickets an agent answers as the application starts ({@code id,id}), one public reply each. */
    static final String REPLIES = "relais.crash.replies";
    /** Printed by {@link Desk} once the replies of {@link #REPLIES} are written (each queued for the customer). */
    static final String REPLIED = "RELAIS-CRASH-REPLIED ";
    /** System property: the ids of the desk's mailboxes, once made ({@code key=id,key=id}). */
    static final String IDS = "relais.crash.mailboxes";

    /** The ids of the desk's mailboxes: given by the test, or set by {@link Desk} on the first run. */
    private static final Map<String, Long> ids = new ConcurrentHashMap<>();

    static {
        var given = System.getProperty(IDS, "");
        for (var pair : given.split(",")) {
            if (pair.contains("=")) {
                ids.put(pair.substring(0, pair.indexOf('=')), Long.parseLong(pair.substring(pair.indexOf('=') + 1)));
            }
        }
    }

    enum When { BEFORE, AFTER_COMMIT }

    /**
     * One place to stop at, once per JVM: before a statement matching {@code sql} runs on a thread whose name matches
     * {@code thread}, or just after the commit of a transaction that ran such a statement (just after the statement
     * itself when the connection commits each statement).
     */
    record Pause(String name, When when, String thread, Pattern sql, AtomicBoolean reached) {
        static List<Pause> parse(String spec) {
            if (spec == null || spec.isBlank()) {
                return List.of();
            }
            return Arrays.stream(spec.split(";")).map(p -> p.split("~", 4))
                    .map(f -> new Pause(f[0], When.valueOf(f[1].toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
                            f[2], Pattern.compile(f[3], Pattern.CASE_INSENSITIVE), new AtomicBoolean()))
                    .toList();
        }

        static String format(String name, When when, String thread, String sql) {
            return name + "~" + when.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "~" + thread + "~" + sql;
        }

        boolean matches(String statement) {
            if (reached.get() || !sql.matcher(statement).find()) {
                return false;
            }
            var regex = thread;
            for (var id : ids.entrySet()) {
                regex = regex.replace("{" + id.getKey() + "}", String.valueOf(id.getValue()));
            }
            // a mailbox not made yet has no thread
            return !regex.contains("{") && Thread.currentThread().getName().matches(regex);
        }

        /** Says so on standard output and waits for the kill (the first time only; later matches go on). */
        void stop() {
            if (!reached.compareAndSet(false, true)) {
                return;
            }
            System.out.println(PAUSED + name + " on " + Thread.currentThread().getName());
            System.out.flush();
            var never = new CountDownLatch(1);
            while (true) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // a shutdown would interrupt us; the test kills the JVM instead: keep waiting
                }
            }
        }
    }

    /** Wraps the application's {@code DataSource} so that its connections stop at the pauses of {@link #PAUSES}. */
    public static final class Points implements BeanPostProcessor {
        private final List<Pause> pauses = Pause.parse(System.getProperty(PAUSES));

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof DataSource target && !(bean instanceof Pausing) && !pauses.isEmpty()) {
                return new Pausing(target, pauses);
            }
            return bean;
        }
    }

    static final class Pausing extends DelegatingDataSource {
        private final List<Pause> pauses;

        Pausing(DataSource target, List<Pause> pauses) {
            super(target);
            this.pauses = pauses;
        }

        @Override
        public Connection getConnection() throws java.sql.SQLException {
            return connection(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws java.sql.SQLException {
            return connection(super.getConnection(username, password));
        }

        private Connection connection(Connection target) {
            // what the open transaction ran that an after-commit pause waits for (a connection serves one thread at a time)
            var ran = new ArrayList<Pause>();
            InvocationHandler handler = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "prepareStatement" -> {
                        var statement = (PreparedStatement) call(target, method, args);
                        return statement(statement, (String) args[0], target, ran);
                    }
                    case "commit" -> {
                        call(target, method, args);
                        var committed = List.copyOf(ran);
                        ran.clear();
                        committed.forEach(Pause::stop);
                        return null;
                    }
                    case "rollback", "close" -> ran.clear();
                    default -> { }
                }
                return call(target, method, args);
            };
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }

        private Object statement(PreparedStatement target, String sql, Connection connection, List<Pause> ran) {
            var matching = pauses.stream().filter(p -> p.matches(sql)).toList();
            if (matching.isEmpty()) {
                return target;
            }
            InvocationHandler handler = (proxy, method, args) -> {
                if (!method.getName().startsWith("execute")) {
                    return call(target, method, args);
                }
                matching.stream().filter(p -> p.when() == When.BEFORE && p.matches(sql)).forEach(Pause::stop);
                var result = call(target, method, args);
                for (var p : matching) {
                    if (p.when() == When.AFTER_COMMIT && p.matches(sql)) {
                        if (connection.getAutoCommit()) {
                            p.stop();
                        } else {
                            ran.add(p);
                        }
                    }
                }
                return result;
            };
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, handler);
        }

        private static Object call(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * On a fresh database (the first run, with {@code relais.crash.desk}): a client organization, its group, and the
     * mailboxes of {@link #MAILBOXES} on the test's mail server (login: the key at relais.test), all sending over its
     * SMTP. Prints their ids, and hands them to the pauses. With {@link #REPLIES}: an agent's public reply on each
     * ticket named, through the application's own service (so each is queued in the outbox as a desk's reply is).
     */
    public static final class Desk implements ApplicationRunner {
        private final Directory directory;
        private final AgentsAndGroups agentsAndGroups;
        private final Mailboxes mailboxes;
        private final io.relais.ticket.TicketService tickets;

        public Desk(Directory directory, AgentsAndGroups agentsAndGroups, Mailboxes mailboxes,
                    io.relais.ticket.TicketService tickets) {
            this.directory = directory;
            this.agentsAndGroups = agentsAndGroups;
            this.mailboxes = mailboxes;
            this.tickets = tickets;
        }

        @Override
        public void run(ApplicationArguments args) {
            var replies = System.getProperty(REPLIES, "");
            if (!replies.isBlank()) {
                // the desk's replies as a job writes them (an agent's public reply: mailed to the requester)
                var agent = Actor.system("Crash agent");
                for (var id : replies.split(",")) {
                    tickets.addMessage(Long.parseLong(id), new io.relais.ticket.TicketCommands.NewMessage(
                            "Our answer to ticket " + id + ": restart the service, then tell us.", false, List.of()), agent);
                }
                System.out.println(REPLIED + replies);
                System.out.flush();
            }
            if (System.getProperty("relais.crash.desk") == null) {
                return;
            }
            var system = Actor.system("crash desk");
            var org = directory.createOrganization(system, new OrganizationForm("Crash client", property("domain"), "CTR-CRASH",
                    "Europe/Paris", "en"));
            var group = agentsAndGroups.createGroup(system, new GroupForm("Crash team", SupportLevel.L1, false, Set.of(org.id()), null));
            var smtp = Integer.parseInt(property("smtp-port"));
            var made = new ArrayList<String>();
            for (var key : MAILBOXES) {
                var imap = key.startsWith("imap");
                var login = key + "@relais.test";
                var mailbox = mailboxes.create(system, new MailboxForm("Crash " + key, login, "Crash desk",
                        imap ? InboundProtocol.IMAP : InboundProtocol.POP3, "127.0.0.1",
                        Integer.parseInt(property(imap ? "imap-port" : "pop-port")), login, property("password"),
                        imap ? "INBOX" : null, imap ? null : "delete", 1, OutboundSecurity.PLAIN, "127.0.0.1", smtp, null, null,
                        group.id(), org.id(), true));
                ids.put(key, mailbox.id());
                made.add(key + "=" + mailbox.id());
            }
            System.out.println(DESK + String.join(",", made));
            System.out.flush();
        }

        private static String property(String name) {
            var value = System.getProperty("relais.crash." + name);
            if (value == null) {
                throw new IllegalStateException("relais.crash." + name + " is not set");
            }
            return value;
        }
    }
}
