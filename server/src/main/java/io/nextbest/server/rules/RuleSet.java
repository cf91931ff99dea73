package io.nextbest.server.rules;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.drools.core.impl.InternalRuleBase;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.facts.Contact;
import io.nextbest.server.policy.ContactPolicy;

/**
 * A compiled, validated rule set: the Drools knowledge base, the action catalogue it
 * proposes from, the contact policy, and its version. Immutable; every evaluation runs in
 * a session of its own, so one rule set serves any number of concurrent decisions.
 * <p>
 * Sessions come from a pool of the rule set's own and go back to it reset (facts, agenda,
 * listeners and node memories cleared): a new session costs more than the evaluation of a
 * typical decision, chiefly in building the working memory of every rule path it touches.
 * The pool grows to the most evaluations that ran at once and is released with the rule
 * set: nothing outside it refers to its sessions.
 */
public final class RuleSet {

	/** More firings than this in one decision means rules loop; the evaluation stops. */
	static final int MAX_FIRINGS = 10_000;

	private static final Logger log = LoggerFactory.getLogger(RuleSet.class);

	private final KieSessionsPool sessions;

	private final ActionCatalogue catalogue;

	private final RuleSetVersion version;

	private final List<String> files;

	private final Map<String, List<String>> rules;

	private final ContactPolicy contactPolicy;

	private final boolean matchesContacts;

	private final RuleFirings firings;

	RuleSet(KieBase kieBase, ActionCatalogue catalogue, RuleSetVersion version, List<String> files,
			Map<String, List<String>> rules, ContactPolicy contactPolicy, RuleFirings firings) {
		this(kieBase.newKieSessionsPool(0), catalogue, version, files, rules, contactPolicy,
				matches(kieBase, Contact.class), firings);
	}

	private RuleSet(KieSessionsPool sessions, ActionCatalogue catalogue, RuleSetVersion version, List<String> files,
			Map<String, List<String>> rules, ContactPolicy contactPolicy, boolean matchesContacts,
			RuleFirings firings) {
		this.sessions = sessions;
		this.catalogue = catalogue;
		this.version = version;
		this.files = List.copyOf(files);
		this.rules = rules;
		this.contactPolicy = contactPolicy;
		this.matchesContacts = matchesContacts;
		this.firings = firings;
	}

	/**
	 * Whether any rule matches on a fact type, from the compiled network: the decision
	 * path leaves out facts no rule can see.
	 */
	private static boolean matches(KieBase kieBase, Class<?> type) {
		if (!(kieBase instanceof InternalRuleBase rules)) {
			return true;
		}
		return rules.getRete()
			.getObjectTypeNodes()
			.stream()
			.anyMatch((node) -> node.getObjectType().isAssignableFrom(type));
	}

	/**
	 * This rule set, telling each evaluation's fired rules to an observer (the server's
	 * metrics).
	 * @param firings the observer
	 * @return a rule set sharing this one's knowledge base and sessions
	 */
	RuleSet observed(RuleFirings firings) {
		return new RuleSet(this.sessions, this.catalogue, this.version, this.files, this.rules, this.contactPolicy,
				this.matchesContacts, firings);
	}

	/**
	 * This rule set without an observer, for simulations and scenario runs that must not
	 * count as traffic.
	 * @return a rule set sharing this one's knowledge base and sessions
	 */
	public RuleSet unobserved() {
		return (this.firings == RuleFirings.NONE) ? this : observed(RuleFirings.NONE);
	}

	/**
	 * @return whether any rule matches on {@link Contact} facts (one per history entry);
	 * when none does, decisions do not insert them
	 */
	public boolean matchesContacts() {
		return this.matchesContacts;
	}

	/**
	 * @return the contact policy ({@code contact-policy.yaml}; no limits when the rules
	 * directory has none)
	 */
	public ContactPolicy contactPolicy() {
		return this.contactPolicy;
	}

	/**
	 * @return the version
	 */
	public RuleSetVersion version() {
		return this.version;
	}

	/**
	 * @return the action catalogue
	 */
	public ActionCatalogue catalogue() {
		return this.catalogue;
	}

	/**
	 * @return the rule files, relative to the rules directory
	 */
	public List<String> files() {
		return this.files;
	}

	/**
	 * @return the names of the rules of each rule file (DRL or decision table), in file
	 * order; files without rules (the catalogue, scenarios) are left out
	 */
	public Map<String, List<String>> rules() {
		return this.rules;
	}

	/**
	 * Runs the rules over a decision's facts.
	 * @param facts the facts rules see
	 * @return what the rules concluded
	 */
	public Conclusions evaluate(Collection<?> facts) {
		// Disposing a pooled session resets it and puts it back.
		KieSession session = this.sessions.newKieSession();
		try {
			ConclusionCollector collector = new ConclusionCollector();
			for (Object fact : facts) {
				session.insert(fact);
			}
			// Listening only once the facts are in: the listener wants the rules'
			// inserts,
			// and an event per input fact (a contact history has dozens) costs for
			// nothing.
			session.addEventListener((RuleRuntimeEventListener) collector);
			session.addEventListener((AgendaEventListener) collector);
			int fired = session.fireAllRules(MAX_FIRINGS);
			if (fired >= MAX_FIRINGS) {
				log.warn("Rule set {} fired {} rules for one decision and was stopped: do rules loop?",
						this.version.hash(), fired);
			}
			Conclusions conclusions = collector.conclusions();
			this.firings.fired(conclusions.firedRules());
			return conclusions;
		}
		finally {
			session.dispose();
		}
	}

}
