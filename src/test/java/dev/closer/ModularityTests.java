package dev.closer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The module structure holds (no cycles, no reaching into another module's internals) and is documented. */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(CloserApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		MODULES.verify();
		assertThat(MODULES.stream().map(m -> m.getIdentifier().toString()))
			.contains("identity", "shared");
	}

	@Test
	void writesModuleDocumentationIntoDocs() throws Exception {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
		assertThat(Path.of("docs/modules/components.puml")).exists();
		assertThat(Files.readString(Path.of("docs/modules/components.puml"))).contains("Identity");
	}
}
