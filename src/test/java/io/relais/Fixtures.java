package io.relais;

import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.SupportLevel;
import io.relais.security.Accounts;
import io.relais.security.Actor;
import io.relais.security.ApiTokens;
import io.relais.security.PersonDirectory;
import io.relais.security.Role;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestComponent;

/** Builds small, independent worlds for tests: an organization with its team, people and tickets. */
@TestComponent
public class Fixtures {
    public static final String PASSWORD = "correct-horse-battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final Accounts accounts;
    private final ApiTokens tokens;
    private final PersonDirectory people;
    private final TicketService tickets;
    private final TicketReads queries;

    Fixtures(Directory directory, AgentsAndGroups agentsAndGroups, Accounts accounts, ApiTokens tokens, PersonDirectory people, TicketService tickets,
             TicketReads queries) {
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.accounts = accounts;
        this.tokens = tokens;
        this.people = people;
        this.tickets = tickets;
        this.queries = queries;
    }

    /** A person who can sign in: ids, an {@link Actor} for service calls, a login and an API token. */
    public record Person(long id, long accountId, String login, Actor actor, String token) {}

    /**
     * An organization served by its own group: an agent of that group, a customer with a login, an
     * organization manager, a second contact, and a ticket of the customer with a public reply and an
     * internal note, each with an attachment.
     */
    public record Tenant(String label, long organizationId, long groupId, Person agent, Person customer, Person manager,
                         long otherContactId, long ticketId, long otherTicketId, long publicAttachmentId,
                         long internalAttachmentId, long publicArticleId, long noteArticleId, String secretWord) {}

    public Tenant tenant(String label) {
        var n = SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        var system = Actor.system("fixtures");
        var org = directory.createOrganization(system, new OrganizationForm(label + " " + n, label.toLowerCase() + n + ".example",
                "CTR-" + n, "Europe/Paris", "fr"));
        var group = agentsAndGroups.createGroup(system, new GroupForm("Team " + label + " " + n, SupportLevel.L1, false,
                Set.of(org.id()), null));
        var agent = agent(label + " agent " + n, "agent-" + n + "@" + label.toLowerCase() + ".example", Role.AGENT, Set.of(group.id()));
        var customer = customer(org.id(), label + " customer " + n, "customer-" + n + "@" + label.toLowerCase() + ".example", false);
        var manager = customer(org.id(), label + " manager " + n, "manager-" + n + "@" + label.toLowerCase() + ".example", true);
        var other = directory.createContact(system, new ContactForm(org.id(), label + " other " + n,
                "other-" + n + "@" + label.toLowerCase() + ".example", "+33 1 00 00 " + n.hashCode() % 100, "fr", false, false));
        var secret = "zq" + label.toLowerCase().replaceAll("[^a-z]", "") + Integer.toString(Math.abs(n.hashCode()), 36);
        var ticket = tickets.open(new NewTicket("Printer " + secret + " down", "The printer " + secret + " is down",
                customer.id(), null, Impact.USER, Urgency.MEDIUM, Channel.PHONE, group.id(), agent.id(), List.of("printer")),
                agent.actor());
        var publicArticle = tickets.addMessage(ticket.id(), new NewMessage("We look at it " + secret, false,
                List.of(new Upload("public-" + n + ".txt", "text/plain", ("public " + n).getBytes(StandardCharsets.UTF_8)))),
                agent.actor());
        var note = tickets.addMessage(ticket.id(), new NewMessage("Internal: cable " + secret, true,
                List.of(new Upload("internal-" + n + ".txt", "text/plain", ("internal " + n).getBytes(StandardCharsets.UTF_8)))),
                agent.actor());
        var otherTicket = tickets.open(new NewTicket("VPN " + secret, "VPN drops", other.id(), null, Impact.USER,
                Urgency.LOW, Channel.EMAIL, group.id(), null, List.of()), agent.actor());
        var attachments = idsOfAttachments(ticket.id(), agent.actor());
        return new Tenant(label, org.id(), group.id(), agent, customer, manager, other.id(), ticket.id(), otherTicket.id(),
                attachments[0], attachments[1], publicArticle, note, secret);
    }

    public Person agent(String name, String email, Role role, Set<Long> groups) {
        var a = agentsAndGroups.createAgent(Actor.system("fixtures"), new AgentForm(name, email, role, groups));
        var accountId = accounts.createForAgent(a.id(), a.email(), PASSWORD);
        var p = people.agent(a.id()).orElseThrow();
        var actor = new Actor(accountId, Actor.Kind.AGENT, a.id(), p.name(), p.role(), p.scope(), "en");
        return new Person(a.id(), accountId, a.email(), actor, tokens.create(actor, "tests").secret());
    }

    public Person customer(long organizationId, String name, String email, boolean manager) {
        var c = directory.createContact(Actor.system("fixtures"), new ContactForm(organizationId, name, email, null, "en",
                false, manager));
        var accountId = accounts.createForContact(c.id(), email, PASSWORD);
        var p = people.contact(c.id()).orElseThrow();
        var actor = new Actor(accountId, Actor.Kind.CUSTOMER, c.id(), p.name(), Role.CUSTOMER, p.scope(), "en");
        return new Person(c.id(), accountId, email, actor, tokens.create(actor, "tests").secret());
    }

    private long[] idsOfAttachments(long ticketId, Actor agent) {
        var files = queries.attachments(agent, ticketId);
        long publicId = files.stream().filter(f -> f.filename().startsWith("public-")).findFirst().orElseThrow().id();
        long internalId = files.stream().filter(f -> f.filename().startsWith("internal-")).findFirst().orElseThrow().id();
        return new long[] {publicId, internalId};
    }
}
