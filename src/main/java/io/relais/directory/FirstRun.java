package io.relais.directory;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.security.Accounts;
import io.relais.security.Actor;
import io.relais.security.Role;
import java.util.ArrayList;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates the first administrator on an empty database: the agent and its account, or neither. */
@Service
public class FirstRun {
    private final Accounts accounts;
    private final AgentsAndGroups agentsAndGroups;

    FirstRun(Accounts accounts, AgentsAndGroups agentsAndGroups) {
        this.accounts = accounts;
        this.agentsAndGroups = agentsAndGroups;
    }

    /** Every problem of the form at once (name, e-mail, passwords); nothing is written unless all is well. */
    @Transactional
    public synchronized long createAdministrator(String name, String email, String password, String passwordAgain) {
        if (!accounts.setupRequired()) {
            throw new ConflictException("Relais is already set up");
        }
        var problems = new ArrayList<FieldProblem>();
        DirectoryRecords.AgentInfo agent = null;
        try {
            agent = agentsAndGroups.createAgent(Actor.system("setup"), new AgentForm(name, email, Role.ADMIN, Set.of()));
        } catch (InvalidInputException e) {
            problems.addAll(e.fields());
        }
        try {
            Accounts.checkPassword(password);
        } catch (InvalidInputException e) {
            problems.addAll(e.fields());
        }
        if (password == null || !password.equals(passwordAgain)) {
            problems.add(new FieldProblem("passwordAgain", "the two passwords differ"));
        }
        if (!problems.isEmpty()) {
            // thrown out of this transaction: the agent created above, if any, is rolled back with it
            throw new InvalidInputException("The first administrator is not valid", problems);
        }
        accounts.createForAgent(agent.id(), agent.email(), password);
        return agent.id();
    }
}
