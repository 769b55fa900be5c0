package io.relais;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTest {
    /** The modules, as the source tree has them (the top-level packages), not as the code under test lists them. */
    static final List<String> MODULES = List.of("common", "demo", "directory", "knowledge", "mail", "notification", "problem",
            "search", "security", "sla", "ticket", "web");

    private final ApplicationModules modules = ApplicationModules.of(RelaisApplication.class);

    @Test
    void modulesOnlyUseEachOthersPublicApi() {
        modules.verify();
    }

    /**
     * The module diagrams are written: one of all modules with their dependencies, one per module, each naming
     * the module it is about (into a folder of the test's own, so that no earlier run's files count).
     */
    @Test
    void writesModuleDocumentation(@TempDir Path folder) throws Exception {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();

        var all = folder.resolve("components.puml");
        assertThat(all).exists();
        var diagram = Files.readString(all);
        assertThat(diagram).startsWith("@startuml").contains("@enduml");
        for (var module : MODULES) {
            assertThat(diagram).as("the diagram of all modules shows " + module).containsIgnoringCase(module);
        }
        // a dependency everybody knows of: the mail channel opens tickets
        assertThat(diagram.lines().filter(l -> l.contains("Rel(") && l.toLowerCase().contains("mail")
                && l.toLowerCase().contains("ticket")).toList()).as("mail → ticket").isNotEmpty();
        for (var module : MODULES) {
            var one = folder.resolve("module-" + module + ".puml");
            assertThat(one).as("the diagram of " + module).exists();
            assertThat(Files.readString(one)).startsWith("@startuml").containsIgnoringCase(module);
        }
    }
}
