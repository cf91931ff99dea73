package io.nextbest.engine.ruleset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;

/**
 * A compiled rule set's Drools packages as bytes, and back: what the rule compiler
 * process hands the server. The packages carry the classes compiled for the rules'
 * conditions and consequences, so loading them defines those classes without the Java
 * compiler, the DRL parser or the decision table reader: about a tenth of the time and
 * memory of building them.
 */
public final class CompiledPackages {

	private CompiledPackages() {
	}

	/**
	 * @param kieBase a compiled knowledge base
	 * @return its packages, serialized
	 */
	public static byte[] write(KieBase kieBase) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
		try (ObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
			out.writeObject(new ArrayList<>(kieBase.getKiePackages()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot serialize the compiled rules", ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * A knowledge base of serialized packages, looking types up as a build does (through
	 * {@link CachingClassLoader#server()}).
	 * @param packages what {@link #write} gave
	 * @return the knowledge base
	 */
	@SuppressWarnings("unchecked")
	public static KieBase read(byte[] packages) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(CachingClassLoader.server());
		try (ObjectInputStream in = new DroolsObjectInputStream(new ByteArrayInputStream(packages),
				CachingClassLoader.server())) {
			Collection<KiePackage> loaded = (Collection<KiePackage>) in.readObject();
			InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase();
			kieBase.addPackages(loaded);
			return kieBase;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the compiled rules", ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("The compiled rules need a class the server lacks: " + ex.getMessage(), ex);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

}
