package io.nextbest.server.whatif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import io.nextbest.engine.ruleset.RuleSetLimits;

/**
 * A candidate rule set from a git ref of the repository the serving rules directory is
 * in: the files under the rules directory's path at that commit, written to a temporary
 * directory that {@link #close()} removes. The repository is read in-process (JGit);
 * nothing is checked out, fetched or changed, and only regular files are written, each
 * and all of them within the rule set's size limits.
 */
public final class GitCandidate implements AutoCloseable {

	private final Path directory;

	private GitCandidate(Path directory) {
		this.directory = directory;
	}

	/**
	 * Writes the rules directory's files at a ref to a temporary directory.
	 * @param rulesDirectory the serving rules directory, within a git work tree
	 * @param ref a branch, a tag, a commit id or an expression such as {@code HEAD~1}
	 * @param limits the size limits of rule files and rule sets
	 * @return the candidate
	 * @throws IllegalArgumentException when the rules directory is not in a git
	 * repository, the ref names no commit, or the commit has no files at the rules
	 * directory's path or too many bytes there
	 */
	public static GitCandidate at(Path rulesDirectory, String ref, RuleSetLimits limits) {
		FileRepositoryBuilder found = new FileRepositoryBuilder().findGitDir(rulesDirectory.toFile());
		if (found.getGitDir() == null) {
			throw new IllegalArgumentException(
					"the rules directory " + rulesDirectory + " is not in a git repository, so it has no refs");
		}
		try (Repository repository = found.setMustExist(true).build(); RevWalk commits = new RevWalk(repository)) {
			ObjectId id = resolve(repository, ref);
			RevCommit commit = commits.parseCommit(id);
			String path = pathWithin(repository, rulesDirectory);
			Path directory = Files.createTempDirectory("nextbest-whatif-");
			try {
				int written = write(repository, commit, path, directory, limits, ref);
				if (written == 0) {
					throw new IllegalArgumentException("'" + ref + "' (" + commit.abbreviate(12).name()
							+ ") has no files at " + (path.isEmpty() ? "the repository's root" : "'" + path + "'"));
				}
				return new GitCandidate(directory);
			}
			catch (RuntimeException | IOException ex) {
				delete(directory);
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ObjectId resolve(Repository repository, String ref) throws IOException {
		ObjectId id;
		try {
			id = repository.resolve(ref + "^{commit}");
		}
		catch (IllegalArgumentException | AmbiguousObjectException | IncorrectObjectTypeException ex) {
			// Syntax errors (RevisionSyntaxException), a short id of many objects, a ref
			// to something other than a commit.
			id = null;
		}
		if (id == null) {
			throw new IllegalArgumentException(
					"'" + ref + "' names no commit in the repository at " + repository.getWorkTree());
		}
		return id;
	}

	/** The rules directory's path within the work tree, with '/' between names. */
	private static String pathWithin(Repository repository, Path rulesDirectory) throws IOException {
		Path workTree = repository.getWorkTree().toPath().toRealPath();
		Path relative = workTree.relativize(rulesDirectory.toRealPath());
		return relative.toString().replace('\\', '/');
	}

	private static int write(Repository repository, RevCommit commit, String path, Path directory, RuleSetLimits limits,
			String ref) throws IOException {
		int written = 0;
		long total = 0;
		try (TreeWalk tree = new TreeWalk(repository)) {
			tree.addTree(commit.getTree());
			tree.setRecursive(true);
			if (!path.isEmpty()) {
				tree.setFilter(PathFilter.create(path));
			}
			while (tree.next()) {
				FileMode mode = tree.getFileMode(0);
				if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
					// Links and submodules are not rule files.
					continue;
				}
				if (!path.isEmpty() && tree.getPathString().length() <= path.length()) {
					// A file where the rules directory should be.
					continue;
				}
				String name = path.isEmpty() ? tree.getPathString() : tree.getPathString().substring(path.length() + 1);
				ObjectLoader blob = repository.open(tree.getObjectId(0));
				if (blob.getSize() > limits.maxFileSize()) {
					throw new IllegalArgumentException("'" + name + "' at '" + ref + "' has " + blob.getSize()
							+ " bytes, more than a rule file may have (" + limits.maxFileSize() + ")");
				}
				total += blob.getSize();
				if (total > limits.maxRuleSetSize()) {
					throw new IllegalArgumentException("the rule files at '" + ref + "' have more than "
							+ limits.maxRuleSetSize() + " bytes, more than a rule set may have");
				}
				Path file = directory.resolve(name).normalize();
				if (!file.startsWith(directory)) {
					continue;
				}
				Files.createDirectories(file.getParent());
				Files.write(file, blob.getBytes());
				written++;
			}
		}
		return written;
	}

	/**
	 * @return the temporary directory holding the candidate's files
	 */
	public Path directory() {
		return this.directory;
	}

	/** Removes the temporary directory. */
	@Override
	public void close() {
		delete(this.directory);
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory left behind costs disk, not correctness.
		}
	}

}
