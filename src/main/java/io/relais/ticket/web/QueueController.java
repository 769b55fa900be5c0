package io.relais.ticket.web;

import io.relais.common.Letters;
import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.security.Actor;
import io.relais.ticket.QueueQuery;
import io.relais.ticket.QueueView;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.Queues;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The queue views of the workspace. One URL serves the page, its rows (load more) and the counts. */
@Controller
class QueueController {
    private final Queues queues;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;

    private final org.springframework.beans.factory.ObjectProvider<io.relais.ticket.BusinessTime> businessTime;
    private final java.time.Clock clock;

    QueueController(Queues queues, Directory directory, AgentsAndGroups agentsAndGroups,
                    org.springframework.beans.factory.ObjectProvider<io.relais.ticket.BusinessTime> businessTime,
                    java.time.Clock clock) {
        this.businessTime = businessTime;
        this.clock = clock;
        this.queues = queues;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
    }

    @GetMapping("/queues/{view}")
    String queue(@PathVariable String view, @RequestParam(required = false) Set<Status> status,
                 @RequestParam(required = false) Set<Priority> priority,
                 @RequestParam(name = "org", required = false) Long organizationId,
                 @RequestParam(name = "group", required = false) Long groupId,
                 @RequestParam(name = "assignee", required = false) Long assigneeId,
                 @RequestParam(required = false) String text,
                 @RequestParam(required = false) QueueQuery.Sort sort,
                 @RequestParam(required = false) String cursor,
                 @RequestHeader(name = "HX-Target", required = false) String hxTarget,
                 Actor actor, Model model) {
        var queueView = parse(view);
        var query = new QueueQuery(queueView, status, priority, organizationId, groupId, assigneeId, null, text, sort,
                cursor, 50);
        var page = queues.queue(actor, query);
        model.addAttribute("view", queueView);
        model.addAttribute("viewPath", Letters.lower(view));
        model.addAttribute("query", query);
        model.addAttribute("page", page);
        model.addAttribute("sla", slaCells(page.items()));
        model.addAttribute("statuses", Status.values());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("sorts", QueueQuery.Sort.values());
        if ("more".equals(hxTarget) || (hxTarget != null && hxTarget.startsWith("more"))) {
            return "ticket/queue :: rows";
        }
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("groups", agentsAndGroups.groupsVisibleTo(actor));
        model.addAttribute("agents", agentsAndGroups.agentsVisibleTo(actor));
        return "ticket/queue";
    }

    /** How a row shows its nearest SLA clock: state (running, warning, breached) and business time left or past. */
    public record SlaCell(String state, java.time.Duration remaining) {}

    private java.util.Map<Long, SlaCell> slaCells(java.util.List<io.relais.ticket.TicketViews.TicketRow> rows) {
        var now = clock.instant();
        var time = businessTime.getIfAvailable();
        var cells = new java.util.HashMap<Long, SlaCell>();
        for (var row : rows) {
            if (row.slaDueAt() == null) {
                continue;
            }
            var remaining = time != null ? time.between(row.organizationId(), now, row.slaDueAt())
                    : java.time.Duration.between(now, row.slaDueAt());
            var state = !row.slaDueAt().isAfter(now) ? "breached"
                    : row.slaWarnAt() != null && !row.slaWarnAt().isAfter(now) ? "warning" : "running";
            cells.put(row.id(), new SlaCell(state, remaining));
        }
        return cells;
    }

    @GetMapping("/queues/counts")
    String counts(Actor actor, Model model) {
        model.addAttribute("counts", queues.counts(actor));
        model.addAttribute("cap", Queues.COUNT_CAP);
        return "ticket/counts :: counts";
    }

    private static QueueView parse(String view) {
        try {
            return QueueView.valueOf(Letters.upper(view));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("view", view);
        }
    }
}
