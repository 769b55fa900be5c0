package io.relais.directory;

import io.relais.common.ConflictException;
import io.relais.common.EmailAddress;
import io.relais.common.InvalidInputException;
import io.relais.common.Letters;
import io.relais.common.NotFoundException;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.ContactInfo;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.DirectoryRecords.OrganizationInfo;
import io.relais.directory.DirectoryRecords.Sender;
import io.relais.directory.internal.AddressOwnership;
import io.relais.directory.internal.ContactHistory;
import io.relais.directory.internal.Contact;
import io.relais.directory.internal.ContactRepository;
import io.relais.directory.internal.Organization;
import io.relais.directory.internal.OrganizationRepository;
import io.relais.security.Actor;
import io.relais.security.Role;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organizations and contacts (agents and groups: {@link AgentsAndGroups}). Reads are scoped by the actor;
 * changes to organizations, agents and groups are for administrators.
 */
@Service
public class Directory {
    private static final Set<String> LANGUAGES = Set.of("fr", "en");
    private static final int MAX_OTHER_ADDRESSES = 10;

    private final OrganizationRepository organizations;
    private final ContactRepository contacts;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final AddressOwnership ownership;
    private final ContactHistory history;
    private final String defaultLanguage;

    Directory(OrganizationRepository organizations, ContactRepository contacts, Clock clock,
              org.springframework.context.ApplicationEventPublisher events, AddressOwnership ownership,
              ContactHistory history,
              @org.springframework.beans.factory.annotation.Value("${relais.default-language:fr}") String defaultLanguage) {
        if (!LANGUAGES.contains(defaultLanguage)) {
            throw new IllegalStateException("relais.default-language is fr or en, not " + defaultLanguage);
        }
        this.defaultLanguage = defaultLanguage;
        this.ownership = ownership;
        this.history = history;
        this.events = events;
        this.organizations = organizations;
        this.contacts = contacts;
        this.clock = clock;
    }

    // ---- organizations

    @Transactional(readOnly = true)
    public List<OrganizationInfo> organizations(Actor actor) {
        return organizations.findAllByName().stream()
                .filter(o -> actor.scope().includesOrganization(o.id()))
                .map(Directory::info).toList();
    }

    @Transactional(readOnly = true)
    public Optional<OrganizationInfo> organization(Actor actor, long id) {
        return organizations.findById(id).filter(o -> actor.scope().includesOrganization(o.id())).map(Directory::info);
    }

    @Transactional(readOnly = true)
    public Map<Long, String> organizationNames() {
        var names = new HashMap<Long, String>();
        organizations.findAllByName().forEach(o -> names.put(o.id(), o.name()));
        return names;
    }

    @Transactional
    public OrganizationInfo createOrganization(Actor actor, OrganizationForm form) {
        actor.requireAdmin();
        validate(form);
        organizations.findByNameIgnoreCase(form.name().trim()).ifPresent(o -> {
            throw new ConflictException("An organization with this name already exists");
        });
        var org = organizations.save(new Organization(form.name().trim(), normalizeDomains(form.domains()),
                blankToNull(form.contractRef()), zone(form.timeZone()), given(form.language()).orElse(defaultLanguage),
                country(form.country()), clock.instant()));
        return info(org);
    }

    @Transactional
    public OrganizationInfo updateOrganization(Actor actor, long id, OrganizationForm form) {
        actor.requireAdmin();
        validate(form);
        var org = organizations.findById(id).orElseThrow(() -> new NotFoundException("organization", id));
        organizations.findByNameIgnoreCase(form.name().trim()).filter(o -> !o.id().equals(id)).ifPresent(o -> {
            throw new ConflictException("An organization with this name already exists");
        });
        var renamed = !org.name().equals(form.name().trim());
        var country = org.country();
        org.update(form.name().trim(), normalizeDomains(form.domains()), blankToNull(form.contractRef()),
                zone(form.timeZone()), given(form.language()).orElse(org.language()), country(form.country()));
        if (!country.equals(org.country())) {
            // its people's numbers written nationally now read in the new country (and their tickets' documents follow)
            contacts.readPhonesIn(actor.scope(), id, org.country());
            renamed = true;
        }
        if (renamed) {
            events.publishEvent(new DirectoryEvents.OrganizationRenamed(id));
        }
        return info(org);
    }

    // ---- contacts

    @Transactional(readOnly = true)
    public Optional<ContactInfo> contact(Actor actor, long id) {
        return contacts.find(actor.scope(), id).map(this::info);
    }

    /**
     * Where a notification to this contact goes (name, address, language), for the mail sent in the transaction
     * of a ticket change: the contact alone (one query, none when the transaction holds it already, and its
     * changes not written yet are seen), without the organization and the other addresses a {@link ContactInfo}
     * reads.
     */
    @Transactional(readOnly = true)
    public Optional<DirectoryRecords.Recipient> recipient(Actor actor, long contactId) {
        return contacts.find(actor.scope(), contactId).map(c -> new DirectoryRecords.Recipient(c.id(), c.name(), c.email(),
                c.language()));
    }

    /** The organization of a contact the actor may see (one query, for ticket checks). */
    @Transactional(readOnly = true)
    public Optional<Long> organizationOfContact(Actor actor, long contactId) {
        return contacts.organizationOf(actor.scope(), contactId);
    }

    /**
     * The countries of the organizations in the actor's scope, most common first and at most a few: the regions a
     * phone number typed in a look-up is read in ({@link PhoneNumbers#candidates}).
     */
    @Transactional(readOnly = true)
    public List<String> phoneRegions(Actor actor) {
        return contacts.phoneRegions(actor.scope());
    }

    @Transactional(readOnly = true)
    public List<ContactInfo> searchContacts(Actor actor, String text, Long organizationId, int limit) {
        var names = organizationNames();
        return contacts.search(actor.scope(), text, organizationId, Math.min(Math.max(limit, 1), 100)).stream()
                .map(c -> info(c, names.get(c.organizationId()))).toList();
    }

    /**
     * The organization where contacts of unknown domains wait for triage, created on first use. Agents
     * of groups serving all organizations see it; an administrator moves its people where they belong.
     */
    @Transactional
    public long unassignedOrganization(String name) {
        return organizations.findByNameIgnoreCase(name).map(Organization::id).orElseGet(() -> organizations.save(
                new Organization(name, "", null, "Europe/Paris", defaultLanguage, null, clock.instant())).id());
    }

    /**
     * Agents create contacts (while taking a call) in organizations they serve; administrators anywhere. Only
     * administrators make a contact VIP or an organization manager, or attach an address of another organization's
     * domain ({@link AddressOwnership}).
     */
    @Transactional
    public ContactInfo createContact(Actor actor, ContactForm form) {
        actor.requireAgent();
        var vip = Boolean.TRUE.equals(form.vip());
        var manager = Boolean.TRUE.equals(form.orgManager());
        requirePrivileges(actor, false, false, vip, manager);
        var confirmed = validate(actor, form, null, List.of());
        var c = new Contact(form.organizationId(), form.name().trim(), emailOrNull(form.email()),
                blankToNull(form.phone()), languageOfNewContact(form.language(), form.organizationId()), vip, manager,
                clock.instant());
        c.setOtherAddresses(otherEmails(form), otherPhones(form), phoneRegion(form.organizationId()));
        contacts.save(c);
        recordChanges(actor, c, List.of(), true, false, false, confirmed);
        return info(c);
    }

    /**
     * Changes a contact: fields left null keep their value (an empty string clears an optional one), so that an API
     * client sending part of a contact resets nothing it did not mention.
     */
    @Transactional
    public ContactInfo updateContact(Actor actor, long id, ContactForm form) {
        actor.requireAgent();
        var c = contacts.find(actor.scope(), id).orElseThrow(() -> new NotFoundException("contact", id));
        if (form.organizationId() != null && form.organizationId() != c.organizationId()) {
            throw InvalidInputException.field("organizationId", "a contact cannot move to another organization");
        }
        var merged = new ContactForm(c.organizationId(), form.name() != null ? form.name() : c.name(),
                form.email() != null ? form.email() : c.email(), form.phone() != null ? form.phone() : c.phone(),
                form.language() != null && !form.language().isBlank() ? form.language() : c.language(),
                form.vip() != null ? form.vip() : c.vip(), form.orgManager() != null ? form.orgManager() : c.orgManager(),
                form.otherEmails() != null ? form.otherEmails() : c.otherEmails(),
                form.otherPhones() != null ? form.otherPhones() : c.otherPhones(), form.confirmForeignDomain());
        requirePrivileges(actor, c.vip(), c.orgManager(), merged.vip(), merged.orgManager());
        var before = emailsOf(c);
        var confirmed = validate(actor, merged, id, before);
        var shown = java.util.Arrays.asList(c.name(), c.email(), c.phone());
        var wasVip = c.vip();
        var wasManager = c.orgManager();
        c.update(merged.name().trim(), emailOrNull(merged.email()), blankToNull(merged.phone()), merged.language(),
                merged.vip(), merged.orgManager());
        c.setOtherAddresses(otherEmails(merged), otherPhones(merged), phoneRegion(c.organizationId()));
        recordChanges(actor, c, before, false, wasVip, wasManager, confirmed);
        if (!shown.equals(java.util.Arrays.asList(c.name(), c.email(), c.phone()))) {
            events.publishEvent(new DirectoryEvents.ContactRenamed(id));
        }
        return info(c);
    }

    /** Who changed this contact's addresses and privileges, newest first (for those who may see the contact). */
    @Transactional(readOnly = true)
    public List<DirectoryRecords.ContactEvent> contactHistory(Actor actor, long id) {
        actor.requireAgent();
        contacts.find(actor.scope(), id).orElseThrow(() -> new NotFoundException("contact", id));
        return history.of(id, 100);
    }

    /** VIP and organization manager are set by administrators only (the API as the admin form). */
    private static void requirePrivileges(Actor actor, boolean vip, boolean manager, boolean newVip, boolean newManager) {
        if ((vip != newVip || manager != newManager) && !actor.isAdmin()) {
            throw new io.relais.common.ForbiddenException("Only administrators make a contact VIP or an organization manager");
        }
    }

    private static List<String> emailsOf(Contact c) {
        var all = new ArrayList<String>();
        if (c.email() != null) {
            all.add(Letters.lower(c.email()));
        }
        c.otherEmails().forEach(e -> all.add(Letters.lower(e)));
        return all;
    }

    /**
     * The contact's history: addresses added and removed (on a change: a new contact's own are its creation), privileges,
     * confirmed addresses of another domain, whose grants follow the addresses the contact keeps.
     */
    private void recordChanges(Actor actor, Contact c, List<String> emailsBefore, boolean created, boolean wasVip,
                               boolean wasManager, List<String> confirmed) {
        var now = clock.instant();
        var after = emailsOf(c);
        if (!created) {
            after.stream().filter(e -> !emailsBefore.contains(e)).forEach(e ->
                    history.record(c.id(), actor, DirectoryRecords.ContactChange.ADDRESS_ADDED, e, now));
            emailsBefore.stream().filter(e -> !after.contains(e)).forEach(e ->
                    history.record(c.id(), actor, DirectoryRecords.ContactChange.ADDRESS_REMOVED, e, now));
        }
        for (var address : confirmed) {
            var declarers = ownership.foreignDeclarers(c.organizationId(), AddressOwnership.domainOf(address));
            history.record(c.id(), actor, DirectoryRecords.ContactChange.FOREIGN_ADDRESS_CONFIRMED, address + " ("
                    + String.join(", ", declarers.stream().map(AddressOwnership.Declarer::name).toList()) + ")", now);
        }
        if (!created || !confirmed.isEmpty()) {
            ownership.grants(c.id(), confirmed, after, actor, now);
        }
        if (c.vip() != wasVip) {
            history.record(c.id(), actor, c.vip() ? DirectoryRecords.ContactChange.VIP_SET
                    : DirectoryRecords.ContactChange.VIP_CLEARED, null, now);
        }
        if (c.orgManager() != wasManager) {
            history.record(c.id(), actor, c.orgManager() ? DirectoryRecords.ContactChange.MANAGER_SET
                    : DirectoryRecords.ContactChange.MANAGER_CLEARED, null, now);
        }
    }

    // ---- helpers

    private void validate(OrganizationForm form) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        if (form.name() == null || form.name().isBlank() || form.name().length() > 200) {
            problems.add(new InvalidInputException.FieldProblem("name", "required, at most 200 characters"));
        }
        if (form.timeZone() != null && !form.timeZone().isBlank()) {
            try {
                ZoneId.of(form.timeZone().trim());
            } catch (DateTimeException e) {
                problems.add(new InvalidInputException.FieldProblem("timeZone", "unknown time zone"));
            }
        }
        if (form.language() != null && !form.language().isBlank() && !LANGUAGES.contains(form.language())) {
            problems.add(new InvalidInputException.FieldProblem("language", "fr or en"));
        }
        if (form.country() != null && !form.country().isBlank() && (form.country().trim().length() != 2
                || !PhoneNumbers.isCountry(form.country().trim()))) {
            problems.add(new InvalidInputException.FieldProblem("country", "an ISO 3166 two-letter country code, e.g. FR"));
        }
        throwIfAny(problems);
    }

    /**
     * Checks a contact's fields and who may attach its new addresses ({@code current}: the addresses it has, which
     * stay). Returns the new addresses of another organization's domain that an administrator confirmed.
     */
    private List<String> validate(Actor actor, ContactForm form, Long exceptId, List<String> current) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        var organizationKnown = form.organizationId() != null && actor.scope().includesOrganization(form.organizationId())
                && organizations.findById(form.organizationId()).isPresent();
        if (!organizationKnown) {
            problems.add(new InvalidInputException.FieldProblem("organizationId", "unknown organization"));
        }
        if (form.name() == null || form.name().isBlank() || form.name().length() > 200) {
            problems.add(new InvalidInputException.FieldProblem("name", "required, at most 200 characters"));
        }
        var confirmed = new ArrayList<String>();
        var email = emailOrNull(form.email());
        if (form.email() != null && !form.email().isBlank() && email == null) {
            problems.add(new InvalidInputException.FieldProblem("email", "not an e-mail address"));
        } else if (email != null && organizationKnown && !current.contains(email)) {
            owned(actor, form, exceptId, "email", email, problems, confirmed);
        }
        if (form.phone() != null && form.phone().length() > 64) {
            problems.add(new InvalidInputException.FieldProblem("phone", "at most 64 characters"));
        }
        if (email == null && (form.phone() == null || form.phone().isBlank())) {
            problems.add(new InvalidInputException.FieldProblem("email", "an e-mail address or a phone number is required"));
        }
        if (form.language() != null && !form.language().isBlank() && !LANGUAGES.contains(form.language())) {
            problems.add(new InvalidInputException.FieldProblem("language", "fr or en"));
        }
        var others = otherEmails(form);
        if (others.size() > MAX_OTHER_ADDRESSES || otherPhones(form).size() > MAX_OTHER_ADDRESSES) {
            problems.add(new InvalidInputException.FieldProblem("otherEmails", "at most " + MAX_OTHER_ADDRESSES + " other addresses and numbers"));
        }
        for (var other : others) {
            var valid = emailOrNull(other);
            if (valid == null) {
                problems.add(new InvalidInputException.FieldProblem("otherEmails", "not an e-mail address: " + other));
            } else if (valid.equals(email)) {
                problems.add(new InvalidInputException.FieldProblem("otherEmails", "already the primary address: " + other));
            } else if (organizationKnown && !current.contains(valid)) {
                owned(actor, form, exceptId, "otherEmails", valid, problems, confirmed);
            }
        }
        if (others.stream().distinct().count() < others.size()) {
            problems.add(new InvalidInputException.FieldProblem("otherEmails", "listed twice"));
        }
        for (var phone : otherPhones(form)) {
            if (phone.length() > 64 || Contact.digits(phone) == null) {
                problems.add(new InvalidInputException.FieldProblem("otherPhones", "not a phone number: " + phone));
            }
        }
        throwIfAny(problems);
        if (form.confirmForeignDomain() && actor.isAdmin() && exceptId != null) {
            // an administrator confirms an address the contact already has (its domain was declared since)
            for (var address : current) {
                if (!ownership.foreignDeclarers(form.organizationId(), AddressOwnership.domainOf(address)).isEmpty()
                        && !ownership.granted(exceptId, address)) {
                    confirmed.add(address);
                }
            }
        }
        return confirmed;
    }

    /** Whether the actor may attach this new address; an administrator's confirmation of another domain's is noted. */
    private void owned(Actor actor, ContactForm form, Long exceptId, String field, String address,
                       List<InvalidInputException.FieldProblem> problems, List<String> confirmed) {
        var decision = ownership.decide(actor, form.organizationId(), exceptId, field, address, form.confirmForeignDomain());
        if (decision.problem().isPresent()) {
            problems.add(decision.problem().get());
        } else if (decision.foreignDomain()) {
            confirmed.add(address);
        }
    }

    private static List<String> otherEmails(ContactForm form) {
        return cleanList(form.otherEmails()).stream().map(Letters::lower).toList();
    }

    private static List<String> otherPhones(ContactForm form) {
        return cleanList(form.otherPhones());
    }

    private static List<String> cleanList(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
    }

    private static void throwIfAny(List<InvalidInputException.FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid input", problems);
        }
    }



    private static String normalizeDomains(String domains) {
        if (domains == null) {
            return "";
        }
        return String.join(",", Arrays.stream(domains.split("[,\\s]+")).map(String::trim).map(Letters::lower)
                .filter(d -> !d.isEmpty()).distinct().toList());
    }

    private static String emailOrNull(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        return EmailAddress.parse(email).map(EmailAddress::value).orElse(null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String zone(String tz) {
        return tz == null || tz.isBlank() ? "Europe/Paris" : tz.trim();
    }

    /** Null when not given: the organization derives it from its time zone (PhoneNumbers#countryOf). */
    private static String country(String c) {
        return c == null || c.isBlank() ? null : Letters.upper(c.trim());
    }

    /** The region a contact's numbers are read in: their organization's country. */
    private String phoneRegion(long organizationId) {
        return organizations.findById(organizationId).map(Organization::country).orElse(null);
    }

    private static Optional<String> given(String language) {
        return language == null || language.isBlank() ? Optional.empty() : Optional.of(language.trim());
    }

    /**
     * The one rule for the language of a new contact, whoever creates it (the pages, the API, mail from a new
     * sender): the one given, else their organization's. An organization's own, when none is given, is the desk's
     * ({@code relais.default-language}, French unless set).
     */
    private String languageOfNewContact(String language, long organizationId) {
        return given(language).orElseGet(() -> organizations.findById(organizationId).map(Organization::language)
                .orElse(defaultLanguage));
    }

    private static OrganizationInfo info(Organization o) {
        var domains = o.domains() == null || o.domains().isEmpty() ? List.<String>of() : List.of(o.domains().split(","));
        return new OrganizationInfo(o.id(), o.name(), domains, o.contractRef(), o.timeZone(), o.language(), o.active(),
                o.country());
    }

    private ContactInfo info(Contact c) {
        return info(c, organizations.findById(c.organizationId()).map(Organization::name).orElse("?"));
    }

    private static ContactInfo info(Contact c, String orgName) {
        return new ContactInfo(c.id(), c.organizationId(), orgName, c.name(), c.email(), c.phone(), c.otherEmails(),
                c.otherPhones(), c.language(), c.vip(), c.orgManager());
    }

}
