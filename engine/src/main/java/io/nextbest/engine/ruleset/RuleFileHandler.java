package io.nextbest.engine.ruleset;

/**
 * Turns one kind of rule file into rules. The loader offers every file to each handler in
 * turn; a new kind of file (a spreadsheet format, a policy file) is a new handler.
 */
interface RuleFileHandler {

	/**
	 * Whether this handler reads a file.
	 * @param name the path relative to the rules directory
	 * @return true when it does
	 */
	boolean handles(String name);

	/**
	 * Adds a file to a build, reporting problems to it.
	 * @param name the path relative to the rules directory
	 * @param content the file's content
	 * @param compilation the build
	 */
	void add(String name, byte[] content, Compilation compilation);

}
