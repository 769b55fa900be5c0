package io.relais;

import io.relais.mail.ImportMailCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
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
     * The import command: the application without its web server and background work (no mail fetching,
     * no outbox, no scheduled tasks), on the configured database; closed when the import ends.
     */
    private static int importMail(String[] args) {
        try (var context = new SpringApplicationBuilder(RelaisApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN", "relais.mail.fetch.enabled=false",
                        "relais.outbox.enabled=false", "db-scheduler.enabled=false")
                .run()) {
            return ImportMailCommand.run(context, args, System.out, System.err);
        }
    }
}
