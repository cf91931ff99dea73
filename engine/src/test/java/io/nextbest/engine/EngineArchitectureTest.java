package io.nextbest.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's layers import downwards only, and none of them imports a server framework:
 * a rule set can be compiled, tested and decided on without a server.
 */
class EngineArchitectureTest {

	private static final JavaClasses ENGINE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.nextbest.engine", "io.nextbest.facts");

	@Test
	void layersImportOnlyTheLayersBelow() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("facts")
			.definedBy("io.nextbest.facts..")
			.layer("context")
			.definedBy("io.nextbest.engine.context..")
			.layer("model")
			.definedBy("io.nextbest.engine.model..")
			.layer("policy")
			.definedBy("io.nextbest.engine.policy..")
			.layer("ruleset")
			.definedBy("io.nextbest.engine.ruleset..")
			.layer("decision")
			.definedBy("io.nextbest.engine.decision..")
			.layer("scenario")
			.definedBy("io.nextbest.engine.scenario..")
			.layer("whatif")
			.definedBy("io.nextbest.engine.whatif..")
			.whereLayer("whatif")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("scenario")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("decision")
			.mayOnlyBeAccessedByLayers("scenario", "whatif")
			.whereLayer("ruleset")
			.mayOnlyBeAccessedByLayers("decision", "scenario", "whatif")
			.whereLayer("policy")
			.mayOnlyBeAccessedByLayers("ruleset", "decision", "scenario", "whatif")
			.whereLayer("model")
			.mayOnlyBeAccessedByLayers("policy", "ruleset", "decision", "scenario", "whatif")
			.whereLayer("context")
			.mayOnlyBeAccessedByLayers("policy", "ruleset", "decision", "scenario", "whatif")
			.whereLayer("facts")
			.mayOnlyBeAccessedByLayers("context", "model", "policy", "ruleset", "decision", "scenario", "whatif")
			.check(ENGINE);
	}

	@Test
	void noPackageCycles() {
		slices().matching("io.nextbest.(**)").should().beFreeOfCycles().check(ENGINE);
	}

	@Test
	void importsNoServerFramework() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.grpc..", "com.hazelcast..")
			.because("the engine runs without a server: in the command-line tool, the rules' tests, the benchmarks")
			.check(ENGINE);
	}

}
