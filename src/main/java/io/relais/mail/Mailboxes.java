package io.relais.mail;

import io.relais.common.ConflictException;
import io.relais.common.EmailAddress;
import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.common.Letters;
import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.mail.MailRecords.CheckStep;
import io.relais.mail.MailRecords.ConnectionTest;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.MailboxInfo;
import io.relais.mail.MailRecords.MailboxStatus;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.MailRecords.QuarantineEntry;
import io.relais.mail.internal.FetchSupervisor;
import io.relais.mail.internal.IntakeOutcome;
import io.relais.mail.internal.MailIntake;
import io.relais.mail.internal.Mailbox;
import io.relais.mail.internal.MailboxRepository;
import io.relais.mail.internal.PinnedTls;
import io.relais.mail.internal.MailboxChecks;
import io.relais.notification.Outbox;
import io.relais.security.Actor;
import io.relais.security.Secrets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Administration of mailboxes, their state and their quarantine. Administrators only. */
@Service
public class Mailboxes {
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.\\-\\[\\]:]{1,255}$");

    private final MailboxRepository mailboxes;
    private final Secrets secrets;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final MailIntake intake;
    private final FetchSupervisor fetchers;
    private final MailboxChecks checks;
    private final Clock clock;

    Mailboxes(MailboxRepository mailboxes, Secrets secrets, Directory directory, AgentsAndGroups agentsAndGroups, JdbcClient jdbc, Outbox outbox,
              MailIntake intake, FetchSupervisor fetchers, MailboxChecks checks, Clock clock) {
        this.mailboxes = mailboxes;
        this.secrets = secrets;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.intake = intake;
        this.fetchers = fetchers;
        this.checks = checks;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<MailboxInfo> list(Actor actor) {
        actor.requireAdmin();
        return mailboxes.findAllByName().stream().map(Mailboxes::info).toList();
    }

    @Transactional(readOnly = true)
    public MailboxInfo get(Actor actor, long id) {
        actor.requireAdmin();
        return mailboxes.findById(id).map(Mailboxes::info).orElseThrow(() -> new NotFoundException("mailbox", id));
    }

    @Transactional
    public MailboxInfo create(Actor actor, MailboxForm form) {
        actor.requireAdmin();
        var address = validate(form, null);
        var mailbox = new Mailbox(clock.instant());
        apply(mailbox, form, address);
        mailboxes.save(mailbox);
        jdbc.sql("insert into mailbox_state (mailbox_id) values (?)").param(mailbox.id()).update();
        return info(mailbox);
    }

    @Transactional
    public MailboxInfo update(Actor actor, long id, MailboxForm form) {
        actor.requireAdmin();
        var mailbox = mailboxes.findById(id).orElseThrow(() -> new NotFoundException("mailbox", id));
        var address = validate(form, id);
        apply(mailbox, form, address);
        return info(mailbox);
    }

    /** Tries each step (DNS, connection and TLS, login, folder; then SMTP) and says which one failed. */
    public ConnectionTest test(Actor actor, long id) {
        actor.requireAdmin();
        var mailbox = mailboxes.findById(id).orElseThrow(() -> new NotFoundException("mailbox", id));
        return checks.test(mailbox);
    }

    public void fetchNow(Actor actor, long id) {
        actor.requireAdmin();
        fetchers.wake(id);
    }

    @Transactional(readOnly = true)
    public List<MailboxStatus> statuses() {
        var names = new java.util.HashMap<Long, String>();
        mailboxes.findAllByName().forEach(m -> names.put(m.id(), m.name()));
        var outboxes = outbox.summaries("EMAIL");
        var none = new Outbox.Summary(0, 0);
        return jdbc.sql("select s.mailbox_id, s.last_fetch_at, s.last_success_at, s.last_error, s.last_error_at, s.imported,"
                        + " (select count(*) from mail_quarantine q where q.mailbox_id = s.mailbox_id and q.status = 'OPEN'),"
                        + " s.lease_holder from mailbox_state s order by s.mailbox_id")
                .query((rs, i) -> {
                    var id = rs.getLong(1);
                    var summary = outboxes.getOrDefault(id, none);
                    return new MailboxStatus(id, names.getOrDefault(id, "?"), instant(rs.getObject(2, OffsetDateTime.class)),
                            instant(rs.getObject(3, OffsetDateTime.class)), rs.getString(4),
                            instant(rs.getObject(5, OffsetDateTime.class)), rs.getLong(6), rs.getLong(7),
                            summary.pending(), summary.failed(), rs.getString(8));
                }).list();
    }

    public Optional<MailboxStatus> status(long id) {
        return statuses().stream().filter(s -> s.mailboxId() == id).findFirst();
    }

    @Transactional(readOnly = true)
    public List<QuarantineEntry> quarantine(Actor actor) {
        actor.requireAdmin();
        return jdbc.sql("select q.id, q.mailbox_id, m.name, q.error, octet_length(q.raw), q.status, q.created_at"
                        + " from mail_quarantine q join mailbox m on m.id = q.mailbox_id where q.status = 'OPEN'"
                        + " order by q.id desc fetch first 200 rows only")
                .query((rs, i) -> new QuarantineEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant())).list();
    }

    @Transactional(readOnly = true)
    public byte[] quarantinedSource(Actor actor, long id) {
        actor.requireAdmin();
        return jdbc.sql("select raw from mail_quarantine where id = ?").param(id).query((rs, i) -> rs.getBytes(1)).optional()
                .orElseThrow(() -> new NotFoundException("quarantined message", id));
    }

    /** Runs a quarantined message through the intake again; returns what became of it. */
    public IntakeOutcome retry(Actor actor, long quarantineId) {
        actor.requireAdmin();
        return intake.retry(quarantineId);
    }

    @Transactional
    public void discard(Actor actor, long quarantineId) {
        actor.requireAdmin();
        jdbc.sql("update mail_quarantine set status = 'DISCARDED', resolved_at = ? where id = ? and status = 'OPEN'")
                .params(clock.instant().atOffset(java.time.ZoneOffset.UTC), quarantineId).update();
    }

    // ---- helpers

    private void apply(Mailbox mailbox, MailboxForm form, String address) {
        mailbox.describe(form.name().trim(), address, blank(form.displayName()), form.defaultGroupId(),
                form.defaultOrganizationId(), form.active());
        var inbound = form.inboundProtocol() == null ? InboundProtocol.NONE : form.inboundProtocol();
        mailbox.inbound(inbound, blank(form.inboundHost()), form.inboundPort(), blank(form.inboundUser()),
                password(form.inboundPassword()), form.inboundFolder() == null || form.inboundFolder().isBlank() ? "INBOX"
                        : form.inboundFolder().trim(), blank(form.moveToFolder()),
                form.pollSeconds() == null ? 60 : form.pollSeconds());
        var outbound = form.outboundSecurity() == null ? OutboundSecurity.NONE : form.outboundSecurity();
        mailbox.outbound(outbound, blank(form.smtpHost()), form.smtpPort(), blank(form.smtpUser()), password(form.smtpPassword()));
        mailbox.pin(blank(form.tlsCertificate()));
    }

    private String password(String plain) {
        return plain == null || plain.isEmpty() ? null : secrets.encrypt(plain);
    }

    private String validate(MailboxForm form, Long id) {
        var problems = new ArrayList<FieldProblem>();
        if (form.name() == null || form.name().isBlank() || form.name().length() > 200) {
            problems.add(new FieldProblem("name", "required, at most 200 characters"));
        }
        var address = form.address() == null ? "" : Letters.lower(form.address().trim());
        if (!EmailAddress.isValid(address)) {
            problems.add(new FieldProblem("address", "a valid e-mail address"));
        }
        var inbound = form.inboundProtocol() == null ? InboundProtocol.NONE : form.inboundProtocol();
        if (inbound != InboundProtocol.NONE) {
            host(form.inboundHost(), "inboundHost", problems);
            port(form.inboundPort(), "inboundPort", problems);
            if (form.inboundUser() == null || form.inboundUser().isBlank()) {
                problems.add(new FieldProblem("inboundUser", "required to fetch mail"));
            }
            if (form.pollSeconds() != null && (form.pollSeconds() < 1 || form.pollSeconds() > 3600)) {
                problems.add(new FieldProblem("pollSeconds", "between 1 and 3600"));
            }
        }
        var outbound = form.outboundSecurity() == null ? OutboundSecurity.NONE : form.outboundSecurity();
        if (outbound != OutboundSecurity.NONE) {
            host(form.smtpHost(), "smtpHost", problems);
            port(form.smtpPort(), "smtpPort", problems);
        }
        if (form.tlsCertificate() != null && !form.tlsCertificate().isBlank()) {
            try {
                if (form.tlsCertificate().length() > 64_000) {
                    throw new java.security.cert.CertificateException("longer than 64,000 characters");
                }
                PinnedTls.parse(form.tlsCertificate());
            } catch (java.security.cert.CertificateException e) {
                problems.add(new FieldProblem("tlsCertificate", "one or more PEM certificates (" + e.getMessage() + ")"));
            }
        }
        if (form.defaultGroupId() != null && agentsAndGroups.group(form.defaultGroupId()).isEmpty()) {
            problems.add(new FieldProblem("defaultGroupId", "unknown group"));
        }
        if (form.defaultOrganizationId() != null
                && directory.organization(Actor.system("mail"), form.defaultOrganizationId()).isEmpty()) {
            problems.add(new FieldProblem("defaultOrganizationId", "unknown organization"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid mailbox", problems);
        }
        mailboxes.findByAddress(address).filter(m -> !m.id().equals(id)).ifPresent(m -> {
            throw new ConflictException("Another mailbox already uses " + address);
        });
        return address;
    }

    private static void host(String host, String field, List<FieldProblem> problems) {
        if (host == null || !HOST.matcher(host.trim()).matches()) {
            problems.add(new FieldProblem(field, "a host name or address"));
        }
    }

    private static void port(Integer port, String field, List<FieldProblem> problems) {
        if (port != null && (port < 1 || port > 65535)) {
            problems.add(new FieldProblem(field, "between 1 and 65535"));
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static MailboxInfo info(Mailbox m) {
        return new MailboxInfo(m.id(), m.name(), m.address(), m.displayName(), m.inboundProtocol(), m.inboundHost(),
                m.inboundPort(), m.inboundUser(), m.inboundPassword() != null, m.inboundFolder(), m.moveToFolder(),
                m.pollSeconds(), m.outboundSecurity(), m.smtpHost(), m.smtpPort(), m.smtpUser(), m.smtpPassword() != null,
                m.defaultGroupId(), m.defaultOrganizationId(), m.active(), m.tlsCertificate());
    }
}
