package io.relais.directory.internal;

import io.relais.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "agent")
public class Agent {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String email;
    @Enumerated(EnumType.STRING)
    private Role role;
    private boolean active = true;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Agent() {}

    public Agent(String name, String email, Role role, Instant now) {
        update(name, email, role);
        this.createdAt = now;
    }

    public void update(String name, String email, Role role) {
        this.name = name;
        this.email = email;
        this.role = role;
    }

    public void setActive(boolean active) { this.active = active; }

    public Long id() { return id; }
    public String name() { return name; }
    public String email() { return email; }
    public Role role() { return role; }
    public boolean active() { return active; }
}
