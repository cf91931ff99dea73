package io.nextbest.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * A disk that fills up on demand, for the embedded database: H2's file system prefix
 * {@code full:} (as in {@code jdbc:h2:full:file:/path/db}) passes everything to the disk
 * until {@link #fill()}, and from then on every write fails as on a full disk, until
 * {@link #free()}. H2 itself then does what it does on a real full disk: it closes the
 * database.
 */
public final class FullDisk extends FilePathWrapper {

	private static volatile boolean full;

	/** H2 makes one per path, by reflection. */
	public FullDisk() {
	}

	static {
		FilePath.register(new FullDisk());
	}

	/** Makes sure the prefix is known to H2 before a URL uses it. */
	static void register() {
		// The static initializer did it.
	}

	static void fill() {
		full = true;
	}

	static void free() {
		full = false;
	}

	@Override
	public String getScheme() {
		return "full";
	}

	@Override
	public FileChannel open(String mode) throws IOException {
		return new Channel(getBase().open(mode));
	}

	private static void check() throws IOException {
		if (full) {
			throw new IOException("No space left on device");
		}
	}

	private static final class Channel extends FileBase {

		private final FileChannel base;

		Channel(FileChannel base) {
			this.base = base;
		}

		@Override
		public long position() throws IOException {
			return this.base.position();
		}

		@Override
		public FileChannel position(long newPosition) throws IOException {
			this.base.position(newPosition);
			return this;
		}

		@Override
		public long size() throws IOException {
			return this.base.size();
		}

		@Override
		public int read(ByteBuffer dst) throws IOException {
			return this.base.read(dst);
		}

		@Override
		public int read(ByteBuffer dst, long position) throws IOException {
			return this.base.read(dst, position);
		}

		@Override
		public int write(ByteBuffer src) throws IOException {
			check();
			return this.base.write(src);
		}

		@Override
		public int write(ByteBuffer src, long position) throws IOException {
			check();
			return this.base.write(src, position);
		}

		@Override
		public FileChannel truncate(long size) throws IOException {
			check();
			this.base.truncate(size);
			return this;
		}

		@Override
		public void force(boolean metaData) throws IOException {
			check();
			this.base.force(metaData);
		}

		@Override
		public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
			return this.base.tryLock(position, size, shared);
		}

		@Override
		protected void implCloseChannel() throws IOException {
			this.base.close();
		}

	}

}
