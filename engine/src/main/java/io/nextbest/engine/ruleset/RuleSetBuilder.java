package io.nextbest.engine.ruleset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.internal.builder.KnowledgeBuilder;

import io.nextbest.engine.model.ActionCatalogue;
import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.policy.ContactPolicy;

/**
 * Builds a {@link RuleSet} from rule files: the action catalogue ({@code actions.yaml}),
 * the optional contact policy ({@code contact-policy.yaml}) and expected journeys
 * ({@code journeys.yaml}), DRL files and decision tables. Checks YAML and DRL syntax,
 * compile errors, and that every action a rule proposes is in the catalogue; problems are
 * reported with file, line and column. The scenarios are read and run a layer above, by
 * {@code scenario.RuleSetLoader}, which needs the decision engine.
 */
public final class RuleSetBuilder {

	/** The kinds of rule file, each turned into rules by its handler. */
	private static final List<RuleFileHandler> HANDLERS = List.of(new DrlFiles(), new DecisionTables());

	private RuleSetBuilder() {
	}

	/**
	 * Builds a rule set from files, stopping between its steps (each file, the build)
	 * once cancelled.
	 * @param files the rule files
	 * @param origin where the files come from, for messages
	 * @param now when the rule set is loaded
	 * @param cancellation tells when to stop
	 * @param diagnostics where problems are added
	 * @param scenarioFile given each scenario file's name and text, in the files' order
	 * @return the rule set, or null when a problem was found (scenario files' included)
	 * @throws CompileCancelledException when cancelled before the end
	 */
	public static RuleSet build(RuleFiles files, String origin, Instant now, Cancellation cancellation,
			List<RuleDiagnostic> diagnostics, BiConsumer<String, String> scenarioFile) {
		ActionCatalogue catalogue = catalogue(files, diagnostics);
		ContactPolicy contactPolicy = contactPolicy(files, catalogue, diagnostics);
		JourneyMap journeys = journeys(files, diagnostics);
		Compilation compilation = new Compilation(catalogue, files.text(ActionCatalogue.FILE_NAME) != null,
				diagnostics);
		int ruleFiles = 0;
		for (String name : files.names()) {
			cancellation.check();
			if (RuleFiles.isScenarioFile(name)) {
				scenarioFile.accept(name, files.text(name));
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
		if (!diagnostics.isEmpty()) {
			return null;
		}
		cancellation.check();
		KieBase kieBase = builder.newKieBase();
		Map<String, List<String>> rules = rulesByFile(kieBase);
		return new RuleSet(kieBase, catalogue, new RuleSetVersion(files.hash(), now), files, rules,
				RuleLines.of(files, rules), contactPolicy, journeys, RuleFirings.NONE);
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
	public static RuleSet assemble(RuleFiles files, Instant now, byte[] packages) {
		List<RuleDiagnostic> diagnostics = new ArrayList<>();
		ActionCatalogue catalogue = catalogue(files, diagnostics);
		ContactPolicy contactPolicy = contactPolicy(files, catalogue, diagnostics);
		JourneyMap journeys = journeys(files, diagnostics);
		if (!diagnostics.isEmpty()) {
			throw new IllegalStateException("Rules compiled elsewhere have problems here: " + diagnostics);
		}
		KieBase kieBase = CompiledPackages.read(packages);
		Map<String, List<String>> rules = rulesByFile(kieBase);
		return new RuleSet(kieBase, catalogue, new RuleSetVersion(files.hash(), now), files, rules,
				RuleLines.of(files, rules), contactPolicy, journeys, RuleFirings.NONE);
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

	private static JourneyMap journeys(RuleFiles files, List<RuleDiagnostic> diagnostics) {
		String text = files.text(JourneyMap.FILE_NAME);
		return (text != null) ? JourneyMap.parse(text, diagnostics) : JourneyMap.NONE;
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
