package io.relais.sla.web;

import io.relais.common.InvalidInputException;
import io.relais.directory.Directory;
import io.relais.security.Actor;
import io.relais.sla.SlaCompliance;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * SLA compliance of one client for a period, on screen and as CSV (the summary, or every ticket with
 * its outcomes). Supervisors and administrators, for the organizations they serve.
 */
@Controller
class SlaComplianceController {
    private final SlaCompliance compliance;
    private final Directory directory;
    private final Clock clock;

    SlaComplianceController(SlaCompliance compliance, Directory directory, Clock clock) {
        this.compliance = compliance;
        this.directory = directory;
        this.clock = clock;
    }

    @GetMapping("/reports/sla")
    String page(@RequestParam(name = "org", required = false) Long organizationId,
                @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                Actor actor, Model model, HttpServletResponse response) {
        actor.requireSupervisor();
        var today = LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris")));
        var first = from == null ? today.withDayOfMonth(1) : from;
        var last = to == null ? today : to;
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("from", first);
        model.addAttribute("to", last);
        model.addAttribute("thisMonth", today.withDayOfMonth(1));
        model.addAttribute("lastMonthFrom", today.withDayOfMonth(1).minusMonths(1));
        model.addAttribute("lastMonthTo", today.withDayOfMonth(1).minusDays(1));
        model.addAttribute("quarterFrom", today.withDayOfMonth(1).minusMonths(2));
        model.addAttribute("today", today);
        if (organizationId != null) {
            try {
                model.addAttribute("report", compliance.report(actor, organizationId, first, last));
            } catch (InvalidInputException e) {
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                model.addAttribute("problems", e.fields());
            }
        }
        return "sla/compliance";
    }

    @GetMapping(value = "/reports/sla.csv")
    void summaryCsv(@RequestParam("org") long organizationId, @RequestParam LocalDate from, @RequestParam LocalDate to,
                    Actor actor, HttpServletResponse response) throws IOException {
        var report = compliance.report(actor, organizationId, from, to);
        var out = csv(response, "sla-compliance-" + organizationId + "-" + from + "-" + to + ".csv");
        compliance.writeCsv(report, out);
        out.flush();
    }

    @GetMapping(value = "/reports/sla/tickets.csv")
    void ticketsCsv(@RequestParam("org") long organizationId, @RequestParam LocalDate from, @RequestParam LocalDate to,
                    Actor actor, HttpServletResponse response) throws IOException {
        // checks first, so that a refusal is an error page and not half a file
        compliance.check(actor, organizationId, from, to);
        var out = csv(response, "sla-tickets-" + organizationId + "-" + from + "-" + to + ".csv");
        compliance.writeTicketsCsv(actor, organizationId, from, to, out);
        out.flush();
    }

    private static OutputStreamWriter csv(HttpServletResponse response, String filename) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        var out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF'); // spreadsheets then read the accents as UTF-8
        return out;
    }
}
