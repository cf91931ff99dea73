package io.nextbest.engine.ruleset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.drools.base.base.ClassObjectType;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.ObjectTypeNode;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.engine.model.ActionCatalogue;
import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.policy.ContactPolicy;

/**
 * A compiled, validated rule set: the Drools knowledge base, the action catalogue it
 * proposes from, the contact policy, and its version. Immutable; every evaluation runs in
 * a session of its own, so one rule set serves any number of concurrent decisions.
 * <p>
 * A rule set of fewer than {@value #NEW_SESSION_FROM_RULES} rules evaluates in sessions
 * from a pool of its own, which go back to it reset (facts, agenda, listeners and node
 * memories cleared): there every decision touches most of the rules, and a new session
 * would build the working memory of all of them again each time. The reset, though, walks
 * every node memory the session has ever made, and in a large rule set, where each
 * customer touches a few rows of a table, that is soon the whole network: a larger rule
 * set evaluates in a new session per decision, which builds only what the decision
 * touches. Measured on a decision table's rows with customers spread over them
 * ({@code benchmarks/ANALYSIS.md}): pooled sessions cost about as much as new ones at 100
 * rows and 1.5 to 2 times as much at 300 and 1,000; for the sample rules new sessions
 * cost 1.3 times as much as pooled ones. The pool grows to the most evaluations that ran
 * at once and is released with the rule set: nothing outside it refers to its sessions.
 */
public final class RuleSet {

	/** More firings than this in one decision means rules loop; the evaluation stops. */
	static final int MAX_FIRINGS = 10_000;

	/** From this many rules on, each evaluation has a new session (see the class doc). */
	static final int NEW_SESSION_FROM_RULES = 200;

	private static final Logger log = LoggerFactory.getLogger(RuleSet.class);

	private final KieBase kieBase;

	/** The pooled sessions, or null where each evaluation has a new session. */
	private final KieSessionsPool sessions;

	private final ActionCatalogue catalogue;

	private final RuleSetVersion version;

	/** The files the rule set was built from. */
	private final RuleFiles sources;

	private final Map<String, List<String>> rules;

	/** The line each rule starts on in its file, by rule name. */
	private final Map<String, Integer> lines;

	private final ContactPolicy contactPolicy;

	private final JourneyMap journeys;

	/** The fact types of the network's object type nodes, what the rules can see. */
	private final List<Class<?>> matchedTypes;

	/** Memo of {@link #matches(Class)}, by the type asked about. */
	private final Map<Class<?>, Boolean> matches = new ConcurrentHashMap<>();

	private final RuleFirings firings;

	RuleSet(KieBase kieBase, ActionCatalogue catalogue, RuleSetVersion version, RuleFiles sources,
			Map<String, List<String>> rules, Map<String, Integer> lines, ContactPolicy contactPolicy,
			JourneyMap journeys, RuleFirings firings) {
		this(kieBase, pooled(rules) ? kieBase.newKieSessionsPool(0) : null, catalogue, version, sources, rules, lines,
				contactPolicy, journeys, matchedTypes(kieBase), firings);
	}

	private static boolean pooled(Map<String, List<String>> rules) {
		return rules.values().stream().mapToInt(List::size).sum() < NEW_SESSION_FROM_RULES;
	}

	/**
	 * This rule set with the other way of getting sessions, for tests that hold both to
	 * the same behaviour.
	 */
	RuleSet withOtherSessions() {
		return new RuleSet(this.kieBase, (this.sessions == null) ? this.kieBase.newKieSessionsPool(0) : null,
				this.catalogue, this.version, this.sources, this.rules, this.lines, this.contactPolicy, this.journeys,
				this.matchedTypes, this.firings);
	}

	/**
	 * @return whether evaluations share pooled sessions (else each has a new one)
	 */
	boolean pooledSessions() {
		return this.sessions != null;
	}

	private RuleSet(KieBase kieBase, KieSessionsPool sessions, ActionCatalogue catalogue, RuleSetVersion version,
			RuleFiles sources, Map<String, List<String>> rules, Map<String, Integer> lines, ContactPolicy contactPolicy,
			JourneyMap journeys, List<Class<?>> matchedTypes, RuleFirings firings) {
		this.kieBase = kieBase;
		this.sessions = sessions;
		this.catalogue = catalogue;
		this.version = version;
		this.sources = sources;
		this.rules = rules;
		this.lines = lines;
		this.contactPolicy = contactPolicy;
		this.journeys = journeys;
		this.matchedTypes = matchedTypes;
		this.firings = firings;
	}

	/**
	 * The classes the compiled network matches facts on; {@code Object} (matching every
	 * fact) when the knowledge base is not one whose network can be read.
	 */
	private static List<Class<?>> matchedTypes(KieBase kieBase) {
		if (!(kieBase instanceof InternalRuleBase rules)) {
			return List.of(Object.class);
		}
		List<Class<?>> types = new ArrayList<>();
		for (ObjectTypeNode node : rules.getRete().getObjectTypeNodes()) {
			Class<?> type = (node.getObjectType() instanceof ClassObjectType known) ? known.getClassType()
					: Object.class;
			if (!types.contains(type)) {
				types.add(type);
			}
		}
		return List.copyOf(types);
	}

	/**
	 * This rule set, telling each evaluation's fired rules to an observer (the server's
	 * metrics).
	 * @param firings the observer
	 * @return a rule set sharing this one's knowledge base and sessions
	 */
	public RuleSet observed(RuleFirings firings) {
		return new RuleSet(this.kieBase, this.sessions, this.catalogue, this.version, this.sources, this.rules,
				this.lines, this.contactPolicy, this.journeys, this.matchedTypes, firings);
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
	 * Whether any rule can see a fact of a type: a pattern on the type, on one of its
	 * supertypes, or in a {@code not}, {@code exists} or {@code accumulate}. Decisions
	 * leave out the facts no rule can see; each would cost the engine an insert for
	 * nothing.
	 * @param factType the class of a fact
	 * @return whether inserting such a fact can matter
	 */
	public boolean matches(Class<?> factType) {
		Boolean known = this.matches.get(factType);
		if (known == null) {
			known = this.matchedTypes.stream().anyMatch((type) -> type.isAssignableFrom(factType));
			this.matches.put(factType, known);
		}
		return known;
	}

	/**
	 * @return the compiled rules
	 */
	public KieBase kieBase() {
		return this.kieBase;
	}

	/**
	 * @return the contact policy ({@code contact-policy.yaml}; no limits when the rules
	 * directory has none)
	 */
	public ContactPolicy contactPolicy() {
		return this.contactPolicy;
	}

	/**
	 * @return the expected journeys ({@code journeys.yaml}; none when the rules directory
	 * has no such file)
	 */
	public JourneyMap journeys() {
		return this.journeys;
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
		return this.sources.names();
	}

	/**
	 * @return the files the rule set was built from, to build it again elsewhere (a
	 * what-if's worker process)
	 */
	public RuleFiles sources() {
		return this.sources;
	}

	/**
	 * @return the names of the rules of each rule file (DRL or decision table), in file
	 * order; files without rules (the catalogue, scenarios) are left out
	 */
	public Map<String, List<String>> rules() {
		return this.rules;
	}

	/**
	 * @param rule a rule's name
	 * @return the line it starts on in its file (for a decision table, its row), from 1;
	 * 0 when not known
	 */
	public int line(String rule) {
		return this.lines.getOrDefault(rule, 0);
	}

	/**
	 * Runs the rules over a decision's facts.
	 * @param facts the facts rules see
	 * @return what the rules concluded
	 */
	public Conclusions evaluate(Collection<?> facts) {
		// Disposing a pooled session resets it and puts it back; disposing a new one
		// ends it.
		KieSession session = (this.sessions != null) ? this.sessions.newKieSession() : this.kieBase.newKieSession();
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
