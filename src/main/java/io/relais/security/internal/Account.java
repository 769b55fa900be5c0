package io.relais.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "account")
public class Account {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String login;
    @Column(name = "password_hash")
    private String passwordHash;
    @Column(name = "agent_id")
    private Long agentId;
    @Column(name = "contact_id")
    private Long contactId;
    private String locale;
    private boolean active = true;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    protected Account() {}

    Account(String login, String passwordHash, Long agentId, Long contactId, Instant now) {
        this.login = login;
        this.passwordHash = passwordHash;
        this.agentId = agentId;
        this.contactId = contactId;
        this.createdAt = now;
    }

    public Long id() { return id; }
    public String login() { return login; }
    public String passwordHash() { return passwordHash; }
    public Long agentId() { return agentId; }
    public Long contactId() { return contactId; }
    public String locale() { return locale; }
    public boolean active() { return active; }

    void changePassword(String hash) { this.passwordHash = hash; }
    void changeLocale(String locale) { this.locale = locale; }
    void deactivate() { this.active = false; }
    void loggedIn(Instant at) { this.lastLoginAt = at; }
}
