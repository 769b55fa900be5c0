package io.relais;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.relais.common.Letters;
import io.relais.security.Scope;
import io.relais.ticket.internal.TimelineEntry;
import io.relais.ticket.internal.TimelineWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The house rules, learned from a failing test rather than from a reviewer. They read types, methods and calls
 * (ArchUnit, and the byte code's constants for SQL), and templates as parsed documents: not the source text.
 */
class HouseRulesTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.relais");

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().notBePublic().check(MAIN);
    }

    @Test
    void noFieldInjection() {
        noFields().should().beAnnotatedWith(Autowired.class).check(MAIN);
    }

    /** The JDK's case conversion is quadratic on runs of some letters: text from outside changes case through Letters. */
    @Test
    void caseChangesGoThroughLetters() {
        // calls and method references (String::toLowerCase) alike
        noClasses().that().doNotBelongToAnyOf(Letters.class).should().accessTargetWhere(DescribedPredicate.describe(
                "String.toLowerCase or String.toUpperCase", (JavaAccess<?> a) -> a.getTargetOwner().isEquivalentTo(String.class)
                        && (a.getName().equals("toLowerCase") || a.getName().equals("toUpperCase"))))
                .check(MAIN);
    }

    // ---- unescaped output

    /**
     * Nothing a template writes escapes the HTML escaping, except an article's Markdown: a SafeHtml that only
     * KbHtml makes (rendered, then sanitised). Read as a document: {@code th:utext} and {@code data-th-utext}
     * attributes, unescaped inline expressions {@code [(…)]} in text, scripts, styles, comments and attribute
     * values, and {@code th:inline} (JavaScript or CSS inlining writes under other escaping rules).
     */
    @Test
    void templatesNeverWriteUnescapedText() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            var offenders = new ArrayList<String>();
            var checked = files.filter(p -> p.toString().endsWith(".html"))
                    .peek(p -> offenders.addAll(TemplateOutput.unescaped(p, "${articleHtml.value()}"))).count();
            assertThat(checked).as("templates read").isGreaterThan(20);
            assertThat(offenders).as("th:utext only for a SafeHtml named articleHtml; no [(…)], no th:inline").isEmpty();
        }
    }

    // ---- the timeline

    /**
     * The timeline is append-only. Read on calls, not on text: no repository of timeline entries (nothing to call
     * delete on), no entity-manager remove outside the few methods named here (none of which handles an entry),
     * no criteria update or delete, an entry's fields written only by its constructor (no UPDATE by dirty
     * checking), and no statement a method sends to the database, its constants joined as the concatenation
     * joins them, that updates or deletes {@code timeline_entry} / {@code TimelineEntry}.
     */
    @Test
    void theTimelineHasNoUpdateOrDeletePath() {
        var offenders = TimelineWrites.offenders(MAIN, Map.of(
                // a link between two tickets is removed when a person unlinks them; it is no timeline entry
                "io.relais.ticket.internal.TicketStore.remove(io.relais.ticket.internal.TicketLink)",
                "links are no history"));
        assertThat(offenders).isEmpty();
    }

    /**
     * Entries are appended by one writer, from the changes a command returns (audit by construction): nothing but
     * {@link TimelineWriter} builds a {@link TimelineEntry}, so no command writes history of its own making.
     */
    @Test
    void onlyTheTimelineWriterAppendsEntries() {
        noClasses().that().doNotBelongToAnyOf(TimelineWriter.class, TimelineEntry.class).should().accessTargetWhere(
                DescribedPredicate.describe("a constructor of TimelineEntry", (JavaAccess<?> a) -> a.getTargetOwner()
                        .isEquivalentTo(TimelineEntry.class) && a.getName().equals(JavaConstructor.CONSTRUCTOR_NAME)))
                .check(MAIN);
    }

    /**
     * A row's id is the key its insert generated: {@code select max(id)} after an insert returns another person's
     * row when two save at once.
     */
    @Test
    void idsAreNeverReadBackWithMax() {
        var pattern = java.util.regex.Pattern.compile("max\\s*\\(\\s*(\\w+\\.)?id\\s*\\)", java.util.regex.Pattern.CASE_INSENSITIVE);
        assertThat(TimelineWrites.statementsWhere(MAIN, constants -> constants.stream().anyMatch(c -> pattern.matcher(c).find()),
                "reads max(id)")).isEmpty();
    }

    // ---- tenant data

    /**
     * Store and repository classes that hold no client's data, each with why. Every other store or repository
     * (any class named *Store or *Repository, or any Spring Data repository) is read as tenant data.
     */
    static final Map<String, String> NOT_TENANT_DATA = Map.of(
            "io.relais.ticket.internal.SettingsStore", "categories and the priority matrix: the desk's configuration",
            "io.relais.knowledge.internal.CheckTreeStore", "the desk's guided check trees; a run's ticket is checked by CheckRuns (TicketReads.visible)",
            "io.relais.mail.internal.MailboxRepository", "mailboxes: the desk's configuration",
            "io.relais.directory.internal.AgentRepository", "the desk's own staff; agents see each other",
            "io.relais.directory.internal.AgentGroupRepository", "the desk's teams; which organizations a team serves is read through ServiceCoverage",
            "io.relais.security.internal.AccountRepository", "logins, read to authenticate: the scope is built from what they return",
            "io.relais.security.internal.AccountStore", "logins, read to authenticate: the scope is built from what they return",
            "io.relais.security.internal.ApiTokenRepository", "tokens, keyed by the account that owns them",
            "io.relais.security.internal.ApiTokenStore", "tokens, keyed by the account that owns them");

    /**
     * Public methods of tenant data stores that take no Scope, by signature, each with why. A write takes the entity
     * its caller already read through a scope; a read named here serves a system path or a check made before it.
     */
    static final Map<String, String> UNSCOPED = Map.ofEntries(
            Map.entry("io.relais.ticket.internal.TicketStore.persist(java.lang.Object)", "a write of a new row"),
            Map.entry("io.relais.ticket.internal.TicketStore.nextNumber()", "a sequence"),
            Map.entry("io.relais.ticket.internal.TicketStore.settle()", "flushes this transaction's own writes"),
            Map.entry("io.relais.ticket.internal.TicketStore.indexWithoutWaiting()", "this transaction's own index work"),
            Map.entry("io.relais.ticket.internal.TicketStore.slaDue(java.util.List)", "derived data of tickets already read in scope"),
            Map.entry("io.relais.ticket.internal.TicketStore.link(long, long)", "a link of a ticket whose visibility the caller checked"),
            Map.entry("io.relais.ticket.internal.TicketStore.linkExists(long, long, io.relais.ticket.TicketEnums$LinkKind)",
                    "answers yes or no about two tickets the caller checked"),
            Map.entry("io.relais.ticket.internal.TicketStore.remove(io.relais.ticket.internal.TicketLink)", "a write"),
            Map.entry("io.relais.ticket.internal.TicketStore.moveConversation(long, long)", "a merge of two tickets checked by the caller"),
            Map.entry("io.relais.ticket.internal.TicketStore.addParticipant(long, long, java.time.Instant)", "a write"),
            Map.entry("io.relais.directory.internal.ContactRepository.save(io.relais.directory.internal.Contact)", "a write"),
            Map.entry("io.relais.directory.internal.OrganizationRepository.save(io.relais.directory.internal.Organization)", "a write"),
            Map.entry("io.relais.directory.internal.OrganizationRepository.findById(long)",
                    "writes and system paths; what a person sees is filtered with Scope.includesOrganization"),
            Map.entry("io.relais.directory.internal.OrganizationRepository.findAllByName()",
                    "organizations are few; the lists a person sees are filtered with Scope.includesOrganization"),
            Map.entry("io.relais.directory.internal.OrganizationRepository.findByNameIgnoreCase(java.lang.String)",
                    "names are unique across the desk: the uniqueness check must see every organization"),
            Map.entry("io.relais.directory.internal.OrganizationRepository.findByLowerCaseName(java.lang.String)",
                    "the same, the name's case folded by Letters"));

    /** Every public method of every store of tenant data takes the caller's Scope, or is named above with why. */
    @Test
    void everyReadOfTenantDataTakesAScope() {
        var stores = MAIN.stream().filter(HouseRulesTest::isStore).toList();
        var names = stores.stream().map(JavaClass::getName).collect(java.util.stream.Collectors.toSet());
        assertThat(names).as("stores exempted as no tenant data exist").containsAll(NOT_TENANT_DATA.keySet());
        var unscoped = new TreeSet<String>();
        var allowedSeen = new TreeSet<String>();
        for (var store : stores) {
            if (NOT_TENANT_DATA.containsKey(store.getName())) {
                continue;
            }
            for (var method : store.getAllMethods()) {
                if (!method.getModifiers().contains(JavaModifier.PUBLIC) || method.getModifiers().contains(JavaModifier.SYNTHETIC)
                        || method.getOwner().isEquivalentTo(Object.class) || takesScope(method)) {
                    continue;
                }
                if (UNSCOPED.containsKey(method.getFullName())) {
                    allowedSeen.add(method.getFullName());
                } else {
                    unscoped.add(method.getFullName());
                }
            }
        }
        assertThat(stores).as("store and repository classes found").hasSizeGreaterThanOrEqualTo(11);
        assertThat(unscoped).as("public methods of tenant data stores without a Scope").isEmpty();
        assertThat(allowedSeen).as("every exception still names a method").isEqualTo(new TreeSet<>(UNSCOPED.keySet()));
    }

    /**
     * The organization filter is written by Scope alone (its SQL clause, its search filter): nothing outside the
     * security module takes a scope apart into its organizations or its contact, or builds one field by field.
     */
    @Test
    void tenantFiltersAreBuiltByScope() {
        noClasses().that().resideOutsideOfPackage("io.relais.security..")
                .should().callMethod(Scope.class, "organizationIds")
                .orShould().callMethod(Scope.class, "ownContactId")
                .orShould().callConstructor(Scope.class, boolean.class, java.util.Set.class, Long.class)
                .check(MAIN);
    }

    /** A store: named *Store or *Repository, or a Spring Data repository. */
    static boolean isStore(JavaClass c) {
        return c.getPackageName().startsWith("io.relais") && !c.isNestedClass() && !c.isAnnotation()
                && (c.getSimpleName().endsWith("Store") || c.getSimpleName().endsWith("Repository")
                || c.isAssignableTo(org.springframework.data.repository.Repository.class));
    }

    private static boolean takesScope(JavaMethod m) {
        return m.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(Scope.class));
    }
}
