package io.relais.mail.web;

import io.relais.common.FormPosts;
import io.relais.directory.AgentsAndGroups;
import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.MailTemplatesAdmin;
import io.relais.mail.Mailboxes;
import io.relais.notification.Outbox;
import io.relais.security.Actor;
import io.relais.mail.internal.MailImportJobs;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Mailboxes, their health, the quarantine, the unsent outbox and the notification texts (administrators only). */
@Controller
class MailAdminController {
    private final Mailboxes mailboxes;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final Outbox outbox;
    private final MailTemplatesAdmin templates;

    private final io.relais.security.MailGatewayTokens gatewayTokens;
    private final MailImportJobs imports;
    private final io.relais.ticket.DeliveryLog deliveries;

    MailAdminController(Mailboxes mailboxes, Directory directory, AgentsAndGroups agentsAndGroups, Outbox outbox, MailTemplatesAdmin templates,
                        io.relais.security.MailGatewayTokens gatewayTokens, MailImportJobs imports,
                        io.relais.ticket.DeliveryLog deliveries) {
        this.gatewayTokens = gatewayTokens;
        this.deliveries = deliveries;
        this.imports = imports;
        this.mailboxes = mailboxes;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.outbox = outbox;
        this.templates = templates;
    }

    @GetMapping("/admin/mailboxes")
    String list(Actor actor, Model model) {
        var all = mailboxes.list(actor);
        model.addAttribute("mailboxes", all);
        model.addAttribute("mailboxNames", all.stream().collect(java.util.stream.Collectors.toMap(m -> m.id(), m -> m.name())));
        model.addAttribute("statuses", mailboxes.statuses().stream()
                .collect(java.util.stream.Collectors.toMap(s -> s.mailboxId(), s -> s)));
        model.addAttribute("gatewayTokens", gatewayTokens.list(actor));
        model.addAttribute("imports", imports.recent(actor));
        return "mail/mailboxes";
    }

    /**
     * One uploaded .eml or .mbox imported into a mailbox in the background (larger archives and Maildir
     * folders: the import-mail command). Its page shows the progress, then the summary.
     */
    @PostMapping("/admin/mail/imports")
    String importUpload(@RequestParam long mailboxId, @RequestParam(required = false) MultipartFile file,
                        @RequestParam(defaultValue = "false") boolean dryRun, @RequestParam(defaultValue = "false") boolean close,
                        Actor actor, RedirectAttributes redirect)
            throws IOException {
        actor.requireAdmin();
        if (mailboxes.list(actor).stream().noneMatch(m -> m.id() == mailboxId)) {
            redirect.addFlashAttribute("importProblem", "mailImport.noMailbox");
            return "redirect:/admin/mailboxes#import";
        }
        if (file == null || file.isEmpty()) {
            redirect.addFlashAttribute("importProblem", "mailImport.noFile");
            return "redirect:/admin/mailboxes#import";
        }
        byte[] start;
        try (var in = file.getInputStream()) {
            start = in.readNBytes(5);
        }
        var mbox = new String(start, StandardCharsets.US_ASCII).equals("From ");
        var name = file.getOriginalFilename() == null ? "" : Letters.lower(file.getOriginalFilename());
        if (!mbox && !name.endsWith(".eml")) {
            redirect.addFlashAttribute("importProblem", "mailImport.notMail");
            return "redirect:/admin/mailboxes#import";
        }
        var upload = Files.createTempFile("relais-import-", mbox ? ".mbox" : ".eml");
        file.transferTo(upload);
        var job = imports.start(actor, mailboxId, file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename(),
                upload, dryRun, close);
        return "redirect:/admin/mail/imports/" + job.id();
    }

    @GetMapping("/admin/mail/imports/{id}")
    String importPage(@PathVariable long id, Actor actor, Model model, HttpServletResponse response) {
        var job = importJob(id, actor, model, response);
        model.addAttribute("mailbox", job == null ? null
                : mailboxes.list(actor).stream().filter(m -> m.id() == job.mailboxId()).findFirst().orElse(null));
        return "mail/import";
    }

    /** The progress part of the import page, polled while the import runs. */
    @GetMapping("/admin/mail/imports/{id}/progress")
    String importProgress(@PathVariable long id, Actor actor, Model model, HttpServletResponse response) {
        importJob(id, actor, model, response);
        return "mail/import :: progress";
    }

    /** The import for the page (404 when this node does not know it: it restarted, or another node ran it). */
    private MailImportJobs.Job importJob(long id, Actor actor, Model model, HttpServletResponse response) {
        var job = imports.job(actor, id).orElse(null);
        if (job == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        }
        model.addAttribute("job", job);
        return job;
    }

    /** A token for a mail server's pipe (relais-mailgate) or connector: shown once. */
    @PostMapping("/admin/mail/gateway-tokens")
    String createGatewayToken(@RequestParam(defaultValue = "") String name, @RequestParam(required = false) Long mailboxId,
                              Actor actor, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("gatewaySecret", gatewayTokens.create(actor, name, mailboxId).secret());
        } catch (io.relais.common.InvalidInputException e) {
            redirect.addFlashAttribute("problems", e.fields());
        }
        return "redirect:/admin/mailboxes";
    }

    @PostMapping("/admin/mail/gateway-tokens/{id}/revoke")
    String revokeGatewayToken(@org.springframework.web.bind.annotation.PathVariable long id, Actor actor, RedirectAttributes redirect) {
        gatewayTokens.revoke(actor, id);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/admin/mailboxes";
    }

    @GetMapping("/admin/mailboxes/new")
    String create(Actor actor, Model model) {
        return form(null, actor, model);
    }

    @GetMapping("/admin/mailboxes/{id}")
    String edit(@PathVariable long id, Actor actor, Model model) {
        return form(id, actor, model);
    }

    private String form(Long id, Actor actor, Model model) {
        var mailbox = id == null ? null : mailboxes.get(actor, id);
        model.addAttribute("form", mailbox == null ? MailboxFields.empty() : MailboxFields.of(mailbox));
        return page(id, actor, model);
    }

    /** The page around the form in the model: the stored mailbox's name, status and password hints. */
    private String page(Long id, Actor actor, Model model) {
        model.addAttribute("mailbox", id == null ? null : mailboxes.get(actor, id));
        model.addAttribute("status", id == null ? null : mailboxes.status(id).orElse(null));
        model.addAttribute("groups", agentsAndGroups.groups());
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("inboundProtocols", InboundProtocol.values());
        model.addAttribute("outboundSecurities", OutboundSecurity.values());
        return "mail/mailbox";
    }

    @PostMapping("/admin/mailboxes")
    String save(@ModelAttribute("form") MailboxFields form, BindingResult binding, Actor actor, Model model,
                RedirectAttributes flash, HttpServletResponse response) {
        var id = form == null ? null : form.id();
        return FormPosts.save(binding, () -> id == null ? mailboxes.create(actor, form.form()) : mailboxes.update(actor, id, form.form()),
                "/admin/mailboxes", flash, model, response, () -> {
                    model.addAttribute("form", form != null ? form.shown() : MailboxFields.empty());
                    return page(id, actor, model);
                });
    }

    @PostMapping("/admin/mailboxes/{id}/test")
    String test(@PathVariable long id, Actor actor, Model model) {
        model.addAttribute("test", mailboxes.test(actor, id));
        return form(id, actor, model);
    }

    @PostMapping("/admin/mailboxes/{id}/fetch")
    String fetchNow(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        mailboxes.fetchNow(actor, id);
        flash.addFlashAttribute("saved", true);
        return "redirect:/admin/mailboxes";
    }

    // ---- quarantine

    @GetMapping("/admin/mail/quarantine")
    String quarantine(Actor actor, Model model) {
        model.addAttribute("entries", mailboxes.quarantine(actor));
        return "mail/quarantine";
    }

    @GetMapping("/admin/mail/quarantine/{id}/source")
    ResponseEntity<byte[]> source(@PathVariable long id, Actor actor) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("quarantine-" + id + ".eml", StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .body(mailboxes.quarantinedSource(actor, id));
    }

    @PostMapping("/admin/mail/quarantine/{id}/retry")
    String retry(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        var outcome = mailboxes.retry(actor, id);
        flash.addFlashAttribute("outcome", outcome.kind().name() + (outcome.ticketNumber() == null ? "" : " #" + outcome.ticketNumber()));
        return "redirect:/admin/mail/quarantine";
    }

    @PostMapping("/admin/mail/quarantine/{id}/discard")
    String discard(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        mailboxes.discard(actor, id);
        flash.addFlashAttribute("saved", true);
        return "redirect:/admin/mail/quarantine";
    }

    // ---- outbox

    @GetMapping("/admin/mail/outbox")
    String outbox(Actor actor, Model model) {
        actor.requireAdmin();
        model.addAttribute("entries", outbox.unsent("EMAIL", 200));
        model.addAttribute("notSent", deliveries.notSent(actor, 200));
        return "mail/outbox";
    }

    @PostMapping("/admin/mail/outbox/{id}/retry")
    String retryOutbox(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        actor.requireAdmin();
        outbox.retry(id);
        flash.addFlashAttribute("saved", true);
        return "redirect:/admin/mail/outbox";
    }

    // ---- notification texts

    @GetMapping("/admin/mail/templates")
    String templates(Actor actor, Model model) {
        model.addAttribute("templates", templates.all(actor));
        return "mail/templates";
    }

    @PostMapping("/admin/mail/templates")
    String saveTemplate(@ModelAttribute("form") TemplateFields form, BindingResult binding, Actor actor, Model model,
                        RedirectAttributes flash, HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(binding, () -> {
            templates.save(actor, form.key(), form.language(), form.subject(), form.body(), form.reset());
            return null;
        }, "/admin/mail/templates", flash, model, response, () -> templates(actor, model));
    }
}
