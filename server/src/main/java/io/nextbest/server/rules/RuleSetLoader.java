package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.internal.builder.KnowledgeBuilder;

import io.nextbest.server.policy.ContactPolicy;
import io.nextbest.server.policy.ContactPolicyLoader;

/**
 * Builds a {@link RuleSet} from rule files: the action catalogue ({@code actions.yaml}),
 * the optional contact policy ({@code contact-policy.yaml}), DRL files, decision tables,
 * and the scenarios under {@code scenarios/}. Everything is checked before a rule set is
 * handed out: YAML and DRL syntax, compile errors, every action a rule proposes must be
 * in the catalogue, and every scenario must pass. Problems are reported with file, line
 * and column.
 */
public final class RuleSetLoader {

	/** The kinds of rule file, each turned into rules by its handler. */
	private static final List<RuleFileHandler> HANDLERS = List.of(new DrlFiles(), new DecisionTables());

	private RuleSetLoader() {
	}

	/**
	 * Loads and validates a rules directory.
	 * @param directory the rules directory
	 * @param clock tells when the rule set is loaded
	 * @return the rule set
	 * @throws RuleSetException listing every problem, failed scenarios included, when the
	 * rule set is not valid
	 */
	public static RuleSet load(Path directory, Clock clock) {
		Validation validation = validate(RuleFiles.read(directory), directory.toString(), clock);
		if (!validation.valid()) {
			throw new RuleSetException(directory.toString(), validation.problems());
		}
		return validation.ruleSet();
	}

	/**
	 * Builds a rule set from files and checks it, scenarios included. Never throws for a
	 * problem in the files: they are all in the result.
	 * @param files the rule files
	 * @param origin where the files come from, for messages
	 * @param clock tells when the rule set is loaded, and the moment of the scenarios
	 * @return the outcome
	 */
	public static Validation validate(RuleFiles files, String origin, Clock clock) {
		return validate(files, origin, clock, Cancellation.NONE);
	}

	/**
	 * Builds a rule set from files and checks it, as
	 * {@link #validate(RuleFiles, String, Clock)} does, stopping between its steps (each
	 * file, the build, each scenario) once cancelled.
	 * @throws CompileCancelledException when cancelled before the end
	 */
	static Validation validate(RuleFiles files, String origin, Clock clock, Cancellation cancellation) {
		// Drools and its Java compiler also look types up through the thread's context
		// class loader; through the caching one, lookups are answered from memory.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(CachingClassLoader.server());
		try {
			return build(files, origin, clock, cancellation);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static Validation build(RuleFiles files, String origin, Clock clock, Cancellation cancellation) {
		Instant now = clock.instant();
		List<RuleDiagnostic> diagnostics = new ArrayList<>();
		ActionCatalogue catalogue = catalogue(files, diagnostics);
		ContactPolicy contactPolicy = contactPolicy(files, catalogue, diagnostics);
		Compilation compilation = new Compilation(catalogue, files.text(ActionCatalogue.FILE_NAME) != null,
				diagnostics);
		List<Scenario> scenarios = new ArrayList<>();
		int ruleFiles = 0;
		for (String name : files.names()) {
			cancellation.check();
			if (RuleFiles.isScenarioFile(name)) {
				scenarios.addAll(ScenarioParser.parse(name, files.text(name), now, diagnostics));
				continue;
			}
			for (RuleFileHandler handler : HANDLERS) {
				if (handler.handles(name)) {
					handler.add(name, files.files().get(name), compilation);
					ruleFiles++;
					break;
				}
			}
		}
		if (ruleFiles == 0) {
			diagnostics.add(new RuleDiagnostic(origin, 0, 0, "no rule files found (.drl, .drl.csv or .drl.xlsx)"));
		}
		cancellation.check();
		KnowledgeBuilder builder = compilation.finish();
		String hash = files.hash();
		if (!diagnostics.isEmpty()) {
			return new Validation(hash, null, Problems.capped(diagnostics, origin), List.of());
		}
		cancellation.check();
		KieBase kieBase = builder.newKieBase();
		RuleSet ruleSet = new RuleSet(kieBase, catalogue, new RuleSetVersion(hash, now), files.names(),
				rulesByFile(kieBase), contactPolicy, RuleFirings.NONE);
		return new Validation(hash, ruleSet, List.of(), ScenarioRunner.run(ruleSet, scenarios, cancellation));
	}

	/**
	 * The rule set of files compiled elsewhere (by the rule compiler process), which
	 * found them valid: the catalogue and the contact policy are read here, the rules are
	 * loaded from the compiled packages.
	 * @param files the rule files
	 * @param now when the rule set is loaded
	 * @param packages the files' compiled packages ({@link CompiledPackages})
	 * @return the rule set
	 * @throws IllegalStateException when the catalogue or the contact policy has a
	 * problem, which the compile should have found
	 */
	static RuleSet assemble(RuleFiles files, Instant now, byte[] packages) {
		List<RuleDiagnostic> diagnostics = new ArrayList<>();
		ActionCatalogue catalogue = catalogue(files, diagnostics);
		ContactPolicy contactPolicy = contactPolicy(files, catalogue, diagnostics);
		if (!diagnostics.isEmpty()) {
			throw new IllegalStateException("Rules compiled elsewhere have problems here: " + diagnostics);
		}
		KieBase kieBase = CompiledPackages.read(packages);
		return new RuleSet(kieBase, catalogue, new RuleSetVersion(files.hash(), now), files.names(),
				rulesByFile(kieBase), contactPolicy, RuleFirings.NONE);
	}

	private static ActionCatalogue catalogue(RuleFiles files, List<RuleDiagnostic> diagnostics) {
		String text = files.text(ActionCatalogue.FILE_NAME);
		if (text == null) {
			diagnostics.add(new RuleDiagnostic(ActionCatalogue.FILE_NAME, 0, 0,
					"missing: the rules directory needs an action catalogue"));
		}
		return ActionCatalogue.parse((text != null) ? text : "actions: []", diagnostics);
	}

	private static ContactPolicy contactPolicy(RuleFiles files, ActionCatalogue catalogue,
			List<RuleDiagnostic> diagnostics) {
		String text = files.text(ContactPolicyLoader.FILE_NAME);
		return (text != null) ? ContactPolicyLoader.parse(text, catalogue, diagnostics) : ContactPolicy.NONE;
	}

	/** The rule names of each file, in the order the rules appear in it. */
	private static Map<String, List<String>> rulesByFile(KieBase kieBase) {
		Map<String, List<RuleImpl>> byFile = new java.util.TreeMap<>();
		for (KiePackage kiePackage : kieBase.getKiePackages()) {
			for (Rule rule : kiePackage.getRules()) {
				RuleImpl impl = (RuleImpl) rule;
				String file = (impl.getResource() != null && impl.getResource().getSourcePath() != null)
						? impl.getResource().getSourcePath() : "?";
				byFile.computeIfAbsent(file, (f) -> new ArrayList<>()).add(impl);
			}
		}
		Map<String, List<String>> rules = new LinkedHashMap<>();
		byFile.forEach((file, list) -> rules.put(file,
				list.stream()
					.sorted(java.util.Comparator.comparingInt(RuleImpl::getLoadOrder))
					.map(RuleImpl::getName)
					.toList()));
		return Collections.unmodifiableMap(rules);
	}

}
