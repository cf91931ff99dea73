package io.nextbest.server.context;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The durable store contract on the embedded default: an H2 database in a file. */
class H2DurableContextStoreTest extends DurableContextStoreContract {

	@TempDir
	Path directory;

	private int databases;

	@Override
	String freshDatabase() {
		return "jdbc:h2:file:" + this.directory.resolve("contexts-" + this.databases++).toAbsolutePath()
				+ ";WRITE_DELAY=0;COMPRESS=TRUE";
	}

	@Override
	boolean sharedStore() {
		return false;
	}

	@Override
	String vendor() {
		return "h2";
	}

}
