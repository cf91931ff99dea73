package io.nextbest.engine.ruleset;

import org.drools.io.ByteArrayResource;

/**
 * DRL given to the knowledge builder, as Drools's own byte array resource but with its
 * hash code computed once. Drools keeps each problem it finds in a set, and every
 * problem's hash code includes its resource's, which hashes the whole file: a file with
 * many problems took time in the square of its size (a 768 KB file of junk, 58 s to
 * report its 78,000 syntax errors).
 */
public final class DrlResource extends ByteArrayResource {

	private transient int hash;

	/** For deserialization, with the compiled packages that refer to it. */
	public DrlResource() {
	}

	/**
	 * @param bytes the DRL, UTF-8
	 */
	public DrlResource(byte[] bytes) {
		super(bytes);
	}

	@Override
	public int hashCode() {
		int h = this.hash;
		if (h == 0) {
			h = super.hashCode();
			this.hash = h;
		}
		return h;
	}

	@Override
	public boolean equals(Object other) {
		return super.equals(other);
	}

}
