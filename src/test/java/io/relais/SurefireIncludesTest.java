package io.relais;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test class that surefire does not pick up never runs, in CI or in {@code ./mvnw verify}, and nobody
 * notices (the SLA property test went unrun that way). This lists the test classes surefire will run,
 * reproducing its default includes ({@code **}{@code /Test*.java}, {@code **}{@code /*Test.java},
 * {@code **}{@code /*Tests.java}, {@code **}{@code /*TestCase.java}, nested classes excluded), and fails
 * when a class compiled from {@code src/test/java} has test methods (any JUnit annotation marked
 * {@link Testable}: {@code @Test}, {@code @ParameterizedTest}, {@code @TestFactory}, {@code @RepeatedTest}…,
 * its own or inherited, or in its {@link Nested} classes) and is not among them.
 */
class SurefireIncludesTest {
    /** Surefire's default includes, on the simple name of a top-level class. */
    static final Pattern INCLUDED = Pattern.compile("Test.*|.*Test|.*Tests|.*TestCase");

    @Test
    void everyClassWithTestMethodsIsOneSurefireRuns() throws Exception {
        // the defaults hold only while the pom does not choose its own
        var pom = Files.readString(Path.of("pom.xml"));
        var surefire = pom.substring(pom.indexOf("<artifactId>maven-surefire-plugin</artifactId>"));
        surefire = surefire.substring(0, surefire.indexOf("</plugin>"));
        assertThat(surefire).as("surefire's configuration in pom.xml: this test reproduces its default includes and must"
                + " learn the pom's own").doesNotContain("<includes>", "<include>", "<excludes>", "<exclude>", "<test>",
                "<testSourceDirectory>");

        var classes = testClasses();
        var run = new TreeSet<String>();
        var missed = new TreeSet<String>();
        for (var c : classes) {
            if (!hasTests(c)) {
                continue;
            }
            (INCLUDED.matcher(c.getSimpleName()).matches() ? run : missed).add(c.getName());
        }
        System.out.println("surefire runs " + run.size() + " test classes:\n  " + String.join("\n  ", run));
        assertThat(run).as("test classes found (an empty list proves nothing)").hasSizeGreaterThan(30)
                .contains(getClass().getName(), "io.relais.sla.SlaEnginePropertiesTest");
        assertThat(missed).as("classes with test methods that surefire's includes leave out (rename them *Test)").isEmpty();
    }

    /** A class whose name surefire skips is caught. */
    @Test
    void aClassOutsideTheIncludesIsCaught() {
        assertThat(hasTests(OutsideTheIncludes.class)).isTrue();
        assertThat(INCLUDED.matcher(OutsideTheIncludes.class.getSimpleName()).matches()).isFalse();
        assertThat(INCLUDED.matcher("SlaEngineProperties").matches()).isFalse();
        assertThat(INCLUDED.matcher("SlaEnginePropertiesTest").matches()).isTrue();
        assertThat(hasTests(NoTestsHere.class)).isFalse();
    }

    static class OutsideTheIncludes {
        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(ints = 1)
        void checks(int i) {
        }
    }

    static class NoTestsHere {
        void helper() {
        }
    }

    /** The top-level classes compiled from src/test/java (the directory this class was loaded from). */
    static List<Class<?>> testClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        var root = Path.of(SurefireIncludesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var names = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$"))
                    .forEach(p -> {
                        var relative = root.relativize(p).toString();
                        names.add(relative.substring(0, relative.length() - ".class".length()).replace(p.getFileSystem().getSeparator(), "."));
                    });
        }
        var classes = new ArrayList<Class<?>>();
        for (var name : names) {
            classes.add(Class.forName(name, false, SurefireIncludesTest.class.getClassLoader()));
        }
        return classes;
    }

    /** Test methods of its own, inherited, or in nested classes; abstract classes are run through their subclasses. */
    static boolean hasTests(Class<?> c) {
        if (Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
            return false;
        }
        for (var k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (AnnotationSupport.isAnnotated(m, Testable.class)) {
                    return true;
                }
            }
        }
        for (var inner : c.getDeclaredClasses()) {
            if (inner.isAnnotationPresent(Nested.class) && hasTests(inner)) {
                return true;
            }
        }
        return false;
    }
}
