package io.relais.directory.internal;

import io.relais.directory.SupportLevel;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

@Entity
@Table(name = "agent_group")
public class AgentGroup {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @Enumerated(EnumType.STRING)
    @Column(name = "support_level")
    private SupportLevel level;
    @Column(name = "all_organizations")
    private boolean allOrganizations;
    private String description;
    @ElementCollection
    @CollectionTable(name = "group_organization", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "organization_id")
    private Set<Long> organizationIds = new HashSet<>();
    @ElementCollection
    @CollectionTable(name = "group_member", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "agent_id")
    private Set<Long> memberIds = new HashSet<>();

    protected AgentGroup() {}

    public AgentGroup(String name, SupportLevel level, boolean allOrganizations, Set<Long> organizationIds, String description) {
        update(name, level, allOrganizations, organizationIds, description);
    }

    public void update(String name, SupportLevel level, boolean allOrganizations, Set<Long> organizationIds, String description) {
        this.name = name;
        this.level = level;
        this.allOrganizations = allOrganizations;
        this.organizationIds.clear();
        if (!allOrganizations) {
            this.organizationIds.addAll(organizationIds);
        }
        this.description = description;
    }

    public void addMember(long agentId) { memberIds.add(agentId); }
    public void removeMember(long agentId) { memberIds.remove(agentId); }

    public Long id() { return id; }
    public String name() { return name; }
    public SupportLevel level() { return level; }
    public boolean allOrganizations() { return allOrganizations; }
    public String description() { return description; }
    public Set<Long> organizationIds() { return Set.copyOf(organizationIds); }
    public Set<Long> memberIds() { return Set.copyOf(memberIds); }
}
