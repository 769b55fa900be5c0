package io.relais;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.relais.common.Letters;
import io.relais.directory.internal.ContactRepository;
import io.relais.security.Scope;
import io.relais.ticket.internal.TicketStore;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/** The house rules, learned from a failing test rather than from a reviewer. */
class HouseRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
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

    @Test
    void templatesNeverWriteUnescapedText() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            // the one exception: an article's Markdown, a SafeHtml that only KbHtml makes (rendered, then sanitised)
            var offenders = files.filter(p -> p.toString().endsWith(".html"))
                    .filter(p -> read(p).replace("th:utext=\"${articleHtml.value()}\"", "").contains("th:utext"))
                    .toList();
            assertThat(offenders).as("th:utext only for a SafeHtml named articleHtml").isEmpty();
        }
    }

    @Test
    void theTimelineHasNoUpdateOrDeletePath() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            var offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                var s = read(p).toLowerCase();
                return s.contains("update timeline_entry") || s.contains("delete from timeline_entry")
                        || s.contains("update timelineentry") || s.contains("delete from timelineentry")
                        || s.contains("delete timelineentry");
            }).toList();
            assertThat(offenders).isEmpty();
        }
    }

    /** Every read of tenant data takes the caller's Scope; the few exceptions are named here. */
    @Test
    void everyReadOfTenantDataTakesAScope() {
        var allowed = Set.of("persist", "nextNumber", "link", "linkExists", "remove", "moveConversation",
                "save", "emailTaken", "addParticipant", "slaDue", "settle", "indexWithoutWaiting");
        var unscoped = Stream.of(TicketStore.class, ContactRepository.class)
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                .filter(m -> !allowed.contains(m.getName()))
                .filter(m -> !takesScope(m))
                .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName())
                .toList();
        assertThat(unscoped).isEmpty();
    }

    private static boolean takesScope(Method m) {
        return List.of(m.getParameterTypes()).contains(Scope.class);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
