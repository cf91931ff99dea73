package io.nextbest.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The server's packages import each other without a cycle. */
class ServerArchitectureTest {

	private static final JavaClasses SERVER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.nextbest.server");

	@Test
	void noPackageCycles() {
		slices().matching("io.nextbest.server.(*)..").should().beFreeOfCycles().check(SERVER);
	}

}
