package dev.testpulse.analysis.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a resource method with no {@code {project}} in its path checks the caller itself, through
 * {@link Caller}, against the project it finds in the body or a stored row. Without it (and without a
 * {@code {project}} path parameter) a method is for the admin token only: that is what deny by default means here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChecksProject {
}
