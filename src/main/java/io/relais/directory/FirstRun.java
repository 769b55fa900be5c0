package io.relais.directory;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.security.Accounts;
import io.relais.security.Actor;
import io.relais.security.Role;
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

    @Transactional
    public synchronized long createAdministrator(String name, String email, String password, String passwordAgain) {
        if (!accounts.setupRequired()) {
            throw new ConflictException("Relais is already set up");
        }
        if (password == null || !password.equals(passwordAgain)) {
            throw InvalidInputException.field("passwordAgain", "the two passwords differ");
        }
        var agent = agentsAndGroups.createAgent(Actor.system("setup"), new AgentForm(name, email, Role.ADMIN, Set.of()));
        accounts.createForAgent(agent.id(), agent.email(), password);
        return agent.id();
    }
}
