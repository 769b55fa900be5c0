package io.relais;

import io.relais.mail.ImportMailCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class RelaisApplication {
    public static void main(String[] args) {
        if (args.length > 0 && "import-mail".equals(args[0])) {
            System.exit(importMail(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(RelaisApplication.class, args);
    }

    /**
     * The import command: the application without listening on a port and without its background work (no mail fetching,
     * no outbox, no scheduled tasks), on the configured database and search index; closed when the import
     * ends. A server using the same embedded search index (or the same embedded H2 database) must be stopped
     * first: the command says so instead of failing midway.
     */
    private static int importMail(String[] args) {
        if (args.length == 0 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            return ImportMailCommand.run(null, args, System.out, System.err);
        }
        var busy = indexInUse(Path.of(Optional.ofNullable(System.getenv("RELAIS_INDEX_DIR")).orElse("./data/index")));
        if (busy.isPresent()) {
            System.err.println("The search index " + busy.get() + " is in use by a running Relais: stop it first (or import"
                    + " through the mail gateway), then run the import again.");
            return 75;
        }
        try (var context = new SpringApplicationBuilder(RelaisApplication.class).run(
                // as command-line properties, above application.yml: the web context without listening on any port,
                // without mail fetching, outbox or scheduled tasks
                "--server.port=-1", "--spring.main.banner-mode=off", "--logging.level.root=ERROR", "--logging.level.io.relais=WARN",
                "--relais.mail.fetch.enabled=false", "--relais.outbox.enabled=false", "--db-scheduler.enabled=false",
                // nobody searches during the import: a transaction does not wait for the index (which commits every
                // second, as the server's does, and at the end), instead of a Lucene commit per message
                "--spring.jpa.properties.hibernate.search.indexing.plan.synchronization.strategy=async")) {
            return ImportMailCommand.run(context, args, System.out, System.err);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            System.err.println("Relais could not start to import (" + cause.getMessage() + "). With the embedded database,"
                    + " stop the server first; otherwise check RELAIS_DB_URL.");
            return 75;
        }
    }

    /** The first index folder under {@code root} whose write lock another process holds. */
    private static Optional<Path> indexInUse(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> indexes = Files.list(root)) {
            for (var index : indexes.filter(Files::isDirectory).toList()) {
                if (!Files.exists(index.resolve("write.lock"))) {
                    continue;
                }
                try (var directory = FSDirectory.open(index); var lock = directory.obtainLock("write.lock")) {
                    lock.ensureValid();
                } catch (LockObtainFailedException e) {
                    return Optional.of(index);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
