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
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * SLA compliance of one client for a period, on screen and as CSV (the summary, or every ticket with
 * its outcomes). Supervisors and administrators, for the organizations they serve.
 */
@Controller
class SlaComplianceController {
    private final SlaCompliance compliance;
    private final Directory directory;
    private final Clock clock;
    private final MessageSource messages;

    SlaComplianceController(SlaCompliance compliance, Directory directory, Clock clock, MessageSource messages) {
        this.compliance = compliance;
        this.directory = directory;
        this.clock = clock;
        this.messages = messages;
    }

    @GetMapping("/reports/sla")
    String page(@RequestParam(name = "org", required = false) Long organizationId,
                @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                Actor actor, Model model, HttpServletResponse response) {
        actor.requireSupervisor();
        var today = today();
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

    /**
     * The CSV exports take the page's parameters: {@code org} is required (answered with a 400 page saying so), the
     * period defaults to the page's (this month up to today).
     */
    @GetMapping(value = "/reports/sla.csv")
    void summaryCsv(@RequestParam(name = "org", required = false) Long organizationId,
                    @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                    Actor actor, HttpServletResponse response) throws IOException {
        var org = requireOrganization(actor, organizationId);
        var first = from == null ? firstOfMonth() : from;
        var last = to == null ? today() : to;
        var report = compliance.report(actor, org, first, last);
        var out = csv(response, "sla-compliance-" + org + "-" + first + "-" + last + ".csv");
        compliance.writeCsv(report, out);
        out.flush();
    }

    @GetMapping(value = "/reports/sla/tickets.csv")
    void ticketsCsv(@RequestParam(name = "org", required = false) Long organizationId,
                    @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                    Actor actor, HttpServletResponse response) throws IOException {
        var org = requireOrganization(actor, organizationId);
        var first = from == null ? firstOfMonth() : from;
        var last = to == null ? today() : to;
        // checks first, so that a refusal is an error page and not half a file
        compliance.check(actor, org, first, last);
        var out = csv(response, "sla-tickets-" + org + "-" + first + "-" + last + ".csv");
        compliance.writeTicketsCsv(actor, org, first, last, out);
        out.flush();
    }

    /** A CSV link without its client, or with a value that is not one: 400, with what to write. */
    static class BadReportRequest extends RuntimeException {
        BadReportRequest(String message) {
            super(message);
        }
    }

    @ExceptionHandler(BadReportRequest.class)
    ModelAndView badRequest(BadReportRequest e, Locale locale) {
        return badRequestPage(messages.getMessage(e.getMessage(), null, locale));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView badValue(MethodArgumentTypeMismatchException e, Locale locale) {
        return badRequestPage(messages.getMessage("sla.reportBadValue", new Object[] {e.getName()}, locale));
    }

    private static ModelAndView badRequestPage(String detail) {
        var mav = new ModelAndView("error/page");
        mav.setStatus(HttpStatus.BAD_REQUEST);
        mav.addObject("status", HttpStatus.BAD_REQUEST.value());
        mav.addObject("messageKey", "error.badRequest");
        mav.addObject("detail", detail);
        return mav;
    }

    private static long requireOrganization(Actor actor, Long organizationId) {
        actor.requireSupervisor();
        if (organizationId == null) {
            throw new BadReportRequest("sla.reportMissingOrg");
        }
        return organizationId;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris")));
    }

    private LocalDate firstOfMonth() {
        return today().withDayOfMonth(1);
    }

    private static OutputStreamWriter csv(HttpServletResponse response, String filename) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        var out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF'); // spreadsheets then read the accents as UTF-8
        return out;
    }
}
