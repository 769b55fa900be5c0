package io.relais.sla.web;

import io.relais.common.FormPosts;
import io.relais.common.InvalidInputException;
import io.relais.directory.AgentsAndGroups;
import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.security.Actor;
import io.relais.sla.AlertAction;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.SlaEngine.PauseReason;
import io.relais.sla.HolidayImport;
import io.relais.sla.ContractCalendars;
import io.relais.sla.SlaCalendars;
import io.relais.sla.SlaPolicies;
import io.relais.sla.TicketClocks;
import io.relais.sla.internal.HolidayFeed;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
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

/**
 * Administration of service levels: calendars with their holidays and exceptional openings, the
 * calendar of each client's contract, the policies in the order they match, and the preview ("a P1
 * opened now for this client is due when?").
 */
@Controller
class SlaAdminController {
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(d|j|h|m|min)?\\s*");
    private static final int MAX_DURATION_LENGTH = 40;

    private final SlaCalendars slaCalendars;
    private final ContractCalendars contractCalendars;
    private final SlaPolicies slaPolicies;
    private final TicketClocks ticketClocks;
    private final HolidayImport holidays;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TicketSettings settings;

    SlaAdminController(SlaCalendars slaCalendars, ContractCalendars contractCalendars, SlaPolicies slaPolicies,
                       TicketClocks ticketClocks, HolidayImport holidays, Directory directory, AgentsAndGroups agentsAndGroups,
                       TicketSettings settings) {
        this.slaCalendars = slaCalendars;
        this.contractCalendars = contractCalendars;
        this.slaPolicies = slaPolicies;
        this.ticketClocks = ticketClocks;
        this.holidays = holidays;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.settings = settings;
    }

    // ---- overview and preview

    @GetMapping("/admin/sla")
    String overview(@RequestParam(name = "org", required = false) Long organizationId,
                    @RequestParam(required = false) Priority priority,
                    @RequestParam(name = "category", required = false) Long categoryId,
                    @RequestParam(required = false) Channel channel,
                    @RequestParam(required = false) String at, Actor actor, Model model) {
        actor.requireAdmin();
        common(actor, model);
        model.addAttribute("policies", slaPolicies.policies());
        model.addAttribute("organizationCalendars", contractCalendars.organizationCalendars());
        if (model.getAttribute("newCalendar") == null) {
            model.addAttribute("newCalendar", OverviewForms.NewCalendarFields.empty());
        }
        if (organizationId != null && priority != null) {
            LocalDateTime local;
            try {
                local = at == null || at.isBlank() ? null : LocalDateTime.parse(at);
            } catch (RuntimeException e) {
                throw InvalidInputException.field("at", "a date and time, e.g. 2026-11-24T09:30");
            }
            model.addAttribute("preview", ticketClocks.previewWithPolicy(actor, organizationId, priority, categoryId,
                    channel == null ? Channel.PHONE : channel, local));
        }
        return "sla/admin";
    }

    private void common(Actor actor, Model model) {
        var calendars = slaCalendars.calendars();
        var organizations = directory.organizations(actor);
        var groups = agentsAndGroups.groups();
        model.addAttribute("calendars", calendars);
        model.addAttribute("organizations", organizations);
        model.addAttribute("groups", groups);
        var orgNames = new java.util.HashMap<Long, String>();
        organizations.forEach(o -> orgNames.put(o.id(), o.name()));
        var groupNames = new java.util.HashMap<Long, String>();
        groups.forEach(g -> groupNames.put(g.id(), g.name()));
        var calendarNames = new java.util.HashMap<Long, String>();
        calendars.forEach(c -> calendarNames.put(c.id(), c.name()));
        model.addAttribute("orgNames", orgNames);
        model.addAttribute("groupNames", groupNames);
        model.addAttribute("calendarNames", calendarNames);
        model.addAttribute("categories", settings.categories());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("days", DayOfWeek.values());
    }

    /**
     * The overview again (422) after a refused form ({@code refused}: "calendar" or "contract"), that form as typed
     * and its problems beside its fields ({@code beside}); the others as stored.
     */
    private String refusedOnOverview(String refused, String beside, Actor actor, Model model) {
        model.addAttribute("refused", refused);
        model.addAttribute("beside", beside);
        return overview(null, null, null, null, null, actor, model);
    }

    @PostMapping("/admin/sla/organizations")
    String organizationCalendar(@ModelAttribute("contract") OverviewForms.ContractFields contract, BindingResult binding,
                                Actor actor, Model model, RedirectAttributes flash, HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(binding, () -> {
            contract.check();
            contractCalendars.setOrganizationCalendar(actor, contract.organizationId(), contract.calendarId());
            return contract;
        }, "/admin/sla", flash, model, response, () -> {
            // beside the organization's row when the page has one; else in the list above the forms
            var row = contract != null && contract.organizationId() != null && directory.organizations(actor).stream()
                    .anyMatch(o -> o.id() == contract.organizationId());
            return refusedOnOverview("contract", row ? "organizationId,calendarId" : "", actor, model);
        });
    }

    // ---- calendars

    /** A new calendar, then its page; refused, the overview again with the name and zone as typed. */
    @PostMapping("/admin/sla/calendars")
    String createCalendar(@ModelAttribute("newCalendar") OverviewForms.NewCalendarFields calendar, BindingResult binding,
                          Actor actor, Model model, RedirectAttributes flash, HttpServletResponse response) {
        actor.requireAdmin();
        long[] created = {0};
        var view = FormPosts.save(binding, () -> created[0] = slaCalendars.createCalendar(actor, calendar.form()), "/admin/sla", flash,
                model, response, () -> refusedOnOverview("calendar", "name,zone", actor, model));
        return created[0] == 0 ? view : "redirect:/admin/sla/calendars/" + created[0];
    }

    @GetMapping("/admin/sla/calendars/{id}")
    String calendar(@PathVariable long id, Actor actor, Model model) {
        actor.requireAdmin();
        return calendarPage(id, model);
    }

    /**
     * The calendar's page around its forms: each as in the model (the refused one as typed), the others from the
     * stored calendar; {@code refused} names the form whose problems are shown beside its fields.
     */
    private String calendarPage(long id, Model model) {
        var calendar = slaCalendars.calendar(id).orElseThrow(() -> new io.relais.common.NotFoundException("calendar", id));
        model.addAttribute("calendar", calendar);
        if (!model.containsAttribute("week")) {
            model.addAttribute("week", CalendarForms.WeekFields.of(calendar));
        }
        if (!model.containsAttribute("day")) {
            model.addAttribute("day", CalendarForms.DayFields.empty());
        }
        model.addAttribute("days", DayOfWeek.values());
        return "sla/calendar";
    }

    private String refusedOnCalendar(String form, long id, Model model) {
        model.addAttribute("refused", form);
        return calendarPage(id, model);
    }

    @PostMapping("/admin/sla/calendars/{id}")
    String updateCalendar(@PathVariable long id, @ModelAttribute("week") CalendarForms.WeekFields week, BindingResult binding,
                          Actor actor, Model model, RedirectAttributes flash, HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(binding, () -> {
            slaCalendars.updateCalendar(actor, id, week.form());
            return id;
        }, "/admin/sla/calendars/" + id, flash, model, response, () -> refusedOnCalendar("week", id, model));
    }

    @PostMapping("/admin/sla/calendars/{id}/days")
    String addDay(@PathVariable long id, @ModelAttribute("day") CalendarForms.DayFields day, BindingResult binding, Actor actor,
                  Model model, RedirectAttributes flash, HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(binding, () -> {
            slaCalendars.addDay(actor, id, day.form());
            return id;
        }, "/admin/sla/calendars/" + id, flash, model, response, () -> refusedOnCalendar("day", id, model));
    }

    /** Holidays from an iCalendar file: an upload, or else a URL fetched on the server (public addresses only). */
    @PostMapping("/admin/sla/calendars/{id}/import")
    String importHolidays(@PathVariable long id, @RequestParam(required = false) MultipartFile file,
                          @RequestParam(required = false) String url, Actor actor, Model model, RedirectAttributes flash,
                          HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(() -> {
            HolidayImport.Summary summary;
            if (file != null && !file.isEmpty()) {
                if (file.getSize() > HolidayFeed.MAX_BYTES) {
                    throw InvalidInputException.field("file", "the file is larger than " + HolidayFeed.MAX_BYTES / 1024 + " KiB");
                }
                try {
                    summary = holidays.fromFile(actor, id, file.getBytes());
                } catch (java.io.IOException e) {
                    throw InvalidInputException.field("file", "the upload could not be read");
                }
            } else if (url != null && !url.isBlank()) {
                summary = holidays.fromUrl(actor, id, url.trim());
            } else {
                throw InvalidInputException.field("file", "choose an .ics file or give the address of a feed");
            }
            flash.addFlashAttribute("imported", summary);
            return summary;
        }, "/admin/sla/calendars/" + id, flash, model, response, () -> {
            model.addAttribute("importUrl", url);
            return refusedOnCalendar("import", id, model);
        });
    }

    @PostMapping("/admin/sla/calendars/{id}/days/{dayId}/delete")
    String removeDay(@PathVariable long id, @PathVariable long dayId, Actor actor, RedirectAttributes flash) {
        slaCalendars.removeDay(actor, id, dayId);
        flash.addFlashAttribute("saved", true);
        return "redirect:/admin/sla/calendars/" + id;
    }

    // ---- policies

    @GetMapping("/admin/sla/policies/new")
    String newPolicy(@RequestParam(defaultValue = "CUSTOMER") String kind, Actor actor, Model model) {
        actor.requireAdmin();
        model.addAttribute("form", PolicyFields.proposed(kind));
        return policyPage(null, actor, model);
    }

    @GetMapping("/admin/sla/policies/{id}")
    String policy(@PathVariable long id, Actor actor, Model model) {
        actor.requireAdmin();
        model.addAttribute("form", PolicyFields.of(current(id).form()));
        return policyPage(id, actor, model);
    }

    private SlaPolicies.PolicyView current(long id) {
        return slaPolicies.policies().stream().filter(p -> p.policyId() == id).findFirst()
                .orElseThrow(() -> new io.relais.common.NotFoundException("policy", id));
    }

    /** The policy page around the form in the model (as stored, or as typed when refused). */
    private String policyPage(Long id, Actor actor, Model model) {
        common(actor, model);
        model.addAttribute("policyId", id);
        model.addAttribute("version", id == null ? null : current(id));
        model.addAttribute("clockKinds", List.of(ClockKind.FIRST_RESPONSE, ClockKind.NEXT_UPDATE, ClockKind.RESOLUTION, ClockKind.OLA));
        model.addAttribute("pauseReasons", PauseReason.values());
        model.addAttribute("actions", AlertAction.values());
        return "sla/policy";
    }

    @PostMapping("/admin/sla/policies")
    String createPolicy(@ModelAttribute("form") PolicyFields form, BindingResult binding, Actor actor, Model model,
                        RedirectAttributes flash, HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(binding, () -> slaPolicies.createPolicy(actor, form.form()), "/admin/sla", flash, model, response,
                () -> refused(form, null, actor, model));
    }

    @PostMapping("/admin/sla/policies/{id}")
    String updatePolicy(@PathVariable long id, @ModelAttribute("form") PolicyFields form, BindingResult binding, Actor actor,
                        Model model, RedirectAttributes flash, HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(binding, () -> {
            slaPolicies.updatePolicy(actor, id, form.form());
            return id;
        }, "/admin/sla", flash, model, response, () -> refused(form, id, actor, model));
    }

    private String refused(PolicyFields form, Long id, Actor actor, Model model) {
        model.addAttribute("form", form != null ? form : PolicyFields.proposed("CUSTOMER"));
        return policyPage(id, actor, model);
    }

    @PostMapping("/admin/sla/policies/{id}/retire")
    String retire(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        slaPolicies.retirePolicy(actor, id);
        flash.addFlashAttribute("saved", true);
        return "redirect:/admin/sla";
    }

    // ---- form values

    /** "90", "90m", "1h30", "4 h", "2d": business time (1d is 24 business hours, not a working day). */
    static Duration parseDuration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var t = Letters.lower(text.trim());
        if (t.length() > MAX_DURATION_LENGTH) {
            // before the pattern: its blanks on both sides of a number are tried in every split of a long run
            throw new IllegalArgumentException("longer than " + MAX_DURATION_LENGTH + " characters");
        }
        var m = DURATION.matcher(t);
        long minutes = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            var unit = m.group(2);
            if (unit == null) {
                unit = "m"; // "90", or the "30" of "1h30"
            }
            minutes += switch (unit) {
                case "d", "j" -> n * 24 * 60;
                case "h" -> n * 60;
                default -> n;
            };
            end = m.end();
        }
        if (end != t.length() || end == 0) {
            throw new IllegalArgumentException(text);
        }
        return Duration.ofMinutes(minutes);
    }

}
