package io.spikestream.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro 1.12.2 instantiate the generated classes of {@code io.spikestream.schemas}: from 1.12.2
 * on, Avro refuses classes outside a trusted list (FACTS.md, "Traps"). Instead of a JVM flag, the
 * serdes call {@link #ensureTrusted()}, which adds this package to Avro's global validator once and
 * keeps whatever was trusted before. Avro's validator is process-wide state owned by Avro; this is
 * the only place that touches it.
 */
public final class AvroTrust {

  /** The package (and subpackages) of the generated records. */
  public static final String TRUSTED_PACKAGE = "io.spikestream.schemas";

  private static final ClassSecurityPredicate SPIKESTREAM =
      c -> c.getName().startsWith(TRUSTED_PACKAGE + ".");

  private AvroTrust() {}

  /** Trusts the generated classes; idempotent and thread-safe. */
  public static void ensureTrusted() {
    Holder.init();
  }

  /** Initialised once by the JVM's class initialisation lock. */
  private static final class Holder {
    static {
      ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
      ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, SPIKESTREAM));
    }

    static void init() {
      // the static initialiser did the work
    }
  }
}
