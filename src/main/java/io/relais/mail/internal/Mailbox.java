package io.relais.mail.internal;

import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.OutboundSecurity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A support address: where mail is fetched from and sent through. Passwords are stored encrypted. */
@Entity
@Table(name = "mailbox")
public class Mailbox {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String address;
    @Column(name = "display_name")
    private String displayName;
    @Enumerated(EnumType.STRING)
    @Column(name = "inbound_protocol")
    private InboundProtocol inboundProtocol;
    @Column(name = "inbound_host")
    private String inboundHost;
    @Column(name = "inbound_port")
    private Integer inboundPort;
    @Column(name = "inbound_user")
    private String inboundUser;
    @Column(name = "inbound_password")
    private String inboundPassword;
    @Column(name = "inbound_folder")
    private String inboundFolder = "INBOX";
    @Column(name = "move_to_folder")
    private String moveToFolder;
    @Column(name = "poll_seconds")
    private int pollSeconds = 60;
    @Enumerated(EnumType.STRING)
    @Column(name = "outbound_security")
    private OutboundSecurity outboundSecurity;
    @Column(name = "smtp_host")
    private String smtpHost;
    @Column(name = "smtp_port")
    private Integer smtpPort;
    @Column(name = "smtp_user")
    private String smtpUser;
    @Column(name = "smtp_password")
    private String smtpPassword;
    private String tlsCertificate;
    @Column(name = "default_group_id")
    private Long defaultGroupId;
    @Column(name = "default_organization_id")
    private Long defaultOrganizationId;
    private boolean active = true;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Mailbox() {}

    public Mailbox(Instant now) {
        this.createdAt = now;
    }

    public void describe(String name, String address, String displayName, Long defaultGroupId, Long defaultOrganizationId,
                         boolean active) {
        this.name = name;
        this.address = address;
        this.displayName = displayName;
        this.defaultGroupId = defaultGroupId;
        this.defaultOrganizationId = defaultOrganizationId;
        this.active = active;
    }

    /** {@code encryptedPassword} null keeps the stored one. */
    public void inbound(InboundProtocol protocol, String host, Integer port, String user, String encryptedPassword,
                        String folder, String moveTo, int pollSeconds) {
        this.inboundProtocol = protocol;
        this.inboundHost = host;
        this.inboundPort = port;
        this.inboundUser = user;
        if (encryptedPassword != null) {
            this.inboundPassword = encryptedPassword;
        }
        this.inboundFolder = folder;
        this.moveToFolder = moveTo;
        this.pollSeconds = pollSeconds;
    }

    /** {@code encryptedPassword} null keeps the stored one. */
    public void outbound(OutboundSecurity security, String host, Integer port, String user, String encryptedPassword) {
        this.outboundSecurity = security;
        this.smtpHost = host;
        this.smtpPort = port;
        this.smtpUser = user;
        if (encryptedPassword != null) {
            this.smtpPassword = encryptedPassword;
        }
    }

    public Long id() { return id; }
    public String name() { return name; }
    public String address() { return address; }
    public String displayName() { return displayName; }
    public InboundProtocol inboundProtocol() { return inboundProtocol; }
    public String inboundHost() { return inboundHost; }
    public Integer inboundPort() { return inboundPort; }
    public String inboundUser() { return inboundUser; }
    public String inboundPassword() { return inboundPassword; }
    public String inboundFolder() { return inboundFolder; }
    public String moveToFolder() { return moveToFolder; }
    public int pollSeconds() { return pollSeconds; }
    public OutboundSecurity outboundSecurity() { return outboundSecurity; }
    public String smtpHost() { return smtpHost; }
    public Integer smtpPort() { return smtpPort; }
    public String smtpUser() { return smtpUser; }
    public String smtpPassword() { return smtpPassword; }
    public String tlsCertificate() { return tlsCertificate; }

    /** PEM certificates the servers' TLS is pinned to; null for the JVM's trust store. */
    public void pin(String pem) {
        this.tlsCertificate = pem;
    }
    public Long defaultGroupId() { return defaultGroupId; }
    public Long defaultOrganizationId() { return defaultOrganizationId; }
    public boolean active() { return active; }

    public boolean fetches() {
        return active && inboundProtocol != null && inboundProtocol != InboundProtocol.NONE && inboundHost != null;
    }

    public boolean sends() {
        return outboundSecurity != null && outboundSecurity != OutboundSecurity.NONE && smtpHost != null;
    }
}
