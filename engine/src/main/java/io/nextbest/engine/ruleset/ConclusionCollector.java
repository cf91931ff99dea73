package io.nextbest.engine.ruleset;

import java.util.ArrayList;
import java.util.List;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

import io.nextbest.facts.Propose;
import io.nextbest.facts.Suppress;

/**
 * Collects, for one evaluation, the conclusions rules insert together with the name of
 * the inserting rule, so that rule authors never have to name their own rule. Mutable,
 * and used by one evaluation only.
 */
final class ConclusionCollector extends DefaultAgendaEventListener implements RuleRuntimeEventListener {

	private final List<Conclusions.Proposal> proposals = new ArrayList<>();

	private final List<Conclusions.Suppression> suppressions = new ArrayList<>();

	private final List<String> fired = new ArrayList<>();

	@Override
	public void objectInserted(ObjectInsertedEvent event) {
		if (event.getRule() == null) {
			return;
		}
		Object fact = event.getObject();
		if (fact instanceof Propose propose) {
			this.proposals.add(new Conclusions.Proposal(event.getRule().getName(), propose));
		}
		else if (fact instanceof Suppress suppress) {
			this.suppressions.add(new Conclusions.Suppression(event.getRule().getName(), suppress));
		}
	}

	@Override
	public void objectUpdated(ObjectUpdatedEvent event) {
	}

	@Override
	public void objectDeleted(ObjectDeletedEvent event) {
	}

	@Override
	public void afterMatchFired(AfterMatchFiredEvent event) {
		this.fired.add(event.getMatch().getRule().getName());
	}

	Conclusions conclusions() {
		return new Conclusions(List.copyOf(this.proposals), List.copyOf(this.suppressions), List.copyOf(this.fired));
	}

}
