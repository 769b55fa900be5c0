package io.relais.directory;

import io.relais.common.Letters;
import io.relais.directory.DirectoryRecords.Sender;
import io.relais.directory.internal.AddressOwnership;
import io.relais.directory.internal.Organization;
import io.relais.directory.internal.OrganizationRepository;
import io.relais.security.Actor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is behind a mail address: the contact who owns it, the organization that declares its domain. Every incoming
 * mail asks, for its sender and each Cc. (Split from {@link Directory}.)
 */
@Service
public class SenderLookup {
    private final OrganizationRepository organizations;
    private final AddressOwnership ownership;
    private final JdbcClient jdbc;

    SenderLookup(OrganizationRepository organizations, AddressOwnership ownership, JdbcClient jdbc) {
        this.organizations = organizations;
        this.ownership = ownership;
        this.jdbc = jdbc;
    }

    /**
     * The contact who owns this e-mail address, as its primary address first, else as another of theirs, among
     * those the actor may see, and whether the address's domain disagrees with the contact's organization (another
     * organization declares it, the contact's does not, and no administrator confirmed the address). One statement
     * over indexed lookups (lower(email) on PostgreSQL, contact_address, the grant's key) and the organizations:
     * every incoming mail asks it, for its sender and for each Cc.
     */
    @Transactional(readOnly = true)
    public Optional<Sender> senderByEmail(Actor actor, String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        var address = Letters.lower(email.trim());
        var domain = AddressOwnership.domainOf(address);
        var clause = actor.scope().clause("c.organization_id", "c.id");
        var declared = "(',' || o.domains || ',') like :domain escape '!'";
        var statement = jdbc.sql("select s.id, s.organization_id, s.name,"
                        + " case when exists (select 1 from organization o where o.id <> s.organization_id and " + declared + ")"
                        + " and not exists (select 1 from organization o where o.id = s.organization_id and " + declared + ")"
                        + " and not exists (select 1 from foreign_address_grant g where g.address = :email and g.contact_id = s.id)"
                        + " then 1 else 0 end from ("
                        + "select 0 as pref, c.id, c.organization_id, c.name from contact c where lower(c.email) = :email and "
                        + clause.sql()
                        + " union all select 1 as pref, c.id, c.organization_id, c.name from contact c"
                        + " join contact_address a on a.contact_id = c.id where a.kind = 'EMAIL' and a.normalized = :email and "
                        + clause.sql() + " order by pref, id fetch first 1 rows only) s")
                .param("email", address)
                .param("domain", "%," + (domain == null ? "" : domain.replace("!", "!!").replace("%", "!%").replace("_", "!_")) + ",%");
        for (var p : clause.params().entrySet()) {
            statement = statement.param(p.getKey(), p.getValue());
        }
        return statement.query((rs, i) -> new Sender(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4) == 1))
                .optional();
    }

    /** The organizations that declare this mail domain (any state, by name): what a quarantine note names. */
    @Transactional(readOnly = true)
    public List<String> organizationsDeclaring(String domain) {
        return ownership.foreignDeclarers(-1, domain == null ? null : Letters.lower(domain.trim()))
                .stream().map(AddressOwnership.Declarer::name).toList();
    }

    /** The active organization that declares this mail domain as its own (first by name when several do). */
    @Transactional(readOnly = true)
    public Optional<Long> organizationOfDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return Optional.empty();
        }
        var d = Letters.lower(domain.trim());
        return organizations.findAllByName().stream().filter(Organization::active)
                .filter(o -> o.domains() != null && Arrays.asList(o.domains().split(",")).contains(d))
                .map(Organization::id).findFirst();
    }
}
