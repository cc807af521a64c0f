package io.helpdesk.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps core framework-free: the one dependency rule of the design. */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.helpdesk.core");
  }

  @Test
  @DisplayName("core depends on the JDK and slf4j-api only")
  void coreDependsOnJdkAndSlf4jOnly() {
    classes()
        .that()
        .resideInAPackage("io.helpdesk.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.helpdesk.core..", "java..", "org.slf4j")
        .because("core must embed anywhere: no framework, SQL, HTTP or vendor SDK")
        .check(core);
  }

  @Test
  @DisplayName("core does not use JDBC, even though the JDK ships it")
  void noJdbcInCore() {
    noClasses()
        .that()
        .resideInAPackage("io.helpdesk.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax..", "java.net.http..")
        .check(core);
  }

  @Test
  @DisplayName("the domain model does not depend on the engine or on adapters")
  void modelIsAtTheBottom() {
    noClasses()
        .that()
        .resideInAPackage("io.helpdesk.core.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.helpdesk.core.store..",
            "io.helpdesk.core.analyzer..",
            "io.helpdesk.core.assigner..",
            "io.helpdesk.core.notifier..",
            "io.helpdesk.core.eval..")
        .check(core);
  }
}
