package io.nextbest.server.journeys;

/** The voice of the customer counts on the embedded default: an H2 database in a file. */
class H2VoiceCountingTest extends VoiceCountingContract {

	@Override
	String freshDatabase() {
		return "jdbc:h2:file:" + this.folder.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0";
	}

	@Override
	String vendor() {
		return "h2";
	}

}
