package io.relais;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

/**
 * Every path that could change or remove a timeline entry, found on types and calls:
 * <ol>
 *   <li>a Spring Data repository whose entity is {@code TimelineEntry} (it would have delete methods);</li>
 *   <li>a call to {@code EntityManager.remove} or to a Hibernate session's {@code remove} / {@code delete}
 *       outside the methods allowed by signature, or from a method that takes a {@code TimelineEntry};</li>
 *   <li>a criteria update or delete ({@code CriteriaBuilder.createCriteriaUpdate/Delete});</li>
 *   <li>a write of an entry's field outside its constructors (an UPDATE by dirty checking);</li>
 *   <li>a statement sent to the database (JPQL, native SQL, JdbcClient, JDBC) that updates, deletes or truncates
 *       {@code timeline_entry} / {@code TimelineEntry}: the string constants of a method, of the methods and lambdas
 *       of its class it calls (one of which sends the statement), and of the constant fields they read, including the
 *       constant parts of a concatenation; "delete from " + a variable is an offence when the table is named among
 *       them.</li>
 * </ol>
 */
final class TimelineWrites {
    static final String ENTRY = "io.relais.ticket.internal.TimelineEntry";
    private static final Pattern WRITE_OF_TIMELINE = Pattern.compile(
            "\\b(delete\\s+(from\\s+)?|update\\s+|truncate\\s+(table\\s+)?)(\\w+\\.)?\"?(timeline_entry|timelineentry)\\b");
    private static final Pattern OPEN_WRITE = Pattern.compile("\\b(delete\\s+(from\\s+)?|update\\s+|truncate\\s+(table\\s+)?)$");
    private static final Pattern NAMES_TIMELINE = Pattern.compile("\\b(timeline_entry|timelineentry)\\b");

    private TimelineWrites() {}

    static List<String> offenders(JavaClasses classes, Map<String, String> allowedRemoves) {
        var out = new ArrayList<String>();
        for (var c : classes) {
            if (c.isAssignableTo(org.springframework.data.repository.Repository.class)
                    && typeArguments(c).contains(ENTRY)) {
                out.add(c.getName() + ": a repository of timeline entries");
            }
            for (var call : c.getMethodCallsFromSelf()) {
                var target = call.getTarget();
                var caller = call.getOrigin();
                if (isRemove(target)) {
                    var takesEntry = caller.getRawParameterTypes().stream().anyMatch(t -> t.getName().equals(ENTRY));
                    if (!allowedRemoves.containsKey(caller.getFullName()) || takesEntry) {
                        out.add(caller.getFullName() + ": " + target.getOwner().getSimpleName() + "." + target.getName());
                    }
                }
                if (target.getOwner().isAssignableTo("jakarta.persistence.criteria.CriteriaBuilder")
                        && (target.getName().equals("createCriteriaUpdate") || target.getName().equals("createCriteriaDelete"))) {
                    out.add(caller.getFullName() + ": " + target.getName());
                }
            }
            for (JavaFieldAccess access : c.getFieldAccessesFromSelf()) {
                if (access.getTarget().getOwner().getName().equals(ENTRY) && access.getAccessType() == JavaFieldAccess.AccessType.SET
                        && !access.getOrigin().isConstructor()) {
                    out.add(access.getOrigin().getFullName() + ": writes " + access.getTarget().getName());
                }
            }
        }
        allowedRemoves.keySet().forEach(signature -> {
            if (classes.stream().flatMap(c -> c.getMethods().stream()).noneMatch(m -> m.getFullName().equals(signature))) {
                out.add(signature + ": allowed, but no such method");
            }
        });
        for (var c : classes) {
            out.addAll(statements(c, TimelineWrites::writesTimeline, "a statement that changes the timeline"));
        }
        return out;
    }

    /** Methods that send a statement whose constants (as {@link #statements} gathers them) match {@code test}. */
    static List<String> statementsWhere(JavaClasses classes, java.util.function.Predicate<List<String>> test, String what) {
        var out = new ArrayList<String>();
        for (var c : classes) {
            out.addAll(statements(c, test, what));
        }
        return out;
    }

    private static boolean isRemove(AccessTarget.MethodCallTarget target) {
        var owner = target.getOwner();
        var name = target.getName();
        return (owner.isAssignableTo("jakarta.persistence.EntityManager") && name.equals("remove"))
                || (owner.getName().startsWith("org.hibernate.") && (name.equals("remove") || name.equals("delete")));
    }

    static List<String> typeArguments(JavaClass c) {
        var out = new ArrayList<String>();
        for (var i : c.getInterfaces()) {
            if (i instanceof JavaParameterizedType p) {
                p.getActualTypeArguments().forEach(a -> out.add(a.getName()));
            }
        }
        return out;
    }

    // ---- statements, from the byte code's constants

    /** A method as the byte code holds it: its string constants, the methods of its class it calls, the fields it reads. */
    private static final class Code {
        final List<String> constants = new ArrayList<>();
        final Set<String> ownCalls = new HashSet<>();
        final Set<String> staticFields = new HashSet<>();
        boolean sendsStatement;
    }

    private static List<String> statements(JavaClass c, java.util.function.Predicate<List<String>> test, String what) {
        var internal = c.getName().replace('.', '/');
        var methods = new HashMap<String, Code>();
        var constantFields = new HashMap<String, String>();
        try (InputStream in = TimelineWrites.class.getClassLoader().getResourceAsStream(internal + ".class")) {
            if (in == null) {
                return List.of();
            }
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public org.springframework.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                                                       Object value) {
                    if (value instanceof String s) {
                        constantFields.put(name, s);
                    }
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    var code = new Code();
                    methods.put(name + descriptor, code);
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitLdcInsn(Object value) {
                            if (value instanceof String s) {
                                code.constants.add(s);
                            }
                        }

                        @Override
                        public void visitInvokeDynamicInsn(String n, String d, Handle bootstrap, Object... args) {
                            for (var a : args) {
                                if (a instanceof String s) {
                                    code.constants.add(s); // a concatenation's recipe: its constant parts around \u0001
                                } else if (a instanceof Handle h && h.getOwner().equals(internal)) {
                                    code.ownCalls.add(h.getName() + h.getDesc()); // a lambda's body
                                }
                            }
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String n, String d, boolean isInterface) {
                            if (owner.equals(internal)) {
                                code.ownCalls.add(n + d);
                            }
                            if (sendsStatement(owner, n)) {
                                code.sendsStatement = true;
                            }
                        }

                        @Override
                        public void visitFieldInsn(int opcode, String owner, String n, String d) {
                            if (owner.equals(internal)) {
                                code.staticFields.add(n);
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var out = new ArrayList<String>();
        methods.forEach((signature, code) -> {
            // the method with what it calls in its class (helpers, lambdas): "delete from " + table in a helper, the
            // table named by its caller, is one statement
            var constants = new ArrayList<String>();
            var sends = false;
            var seen = new HashSet<String>(List.of(signature));
            var queue = new ArrayDeque<String>(List.of(signature));
            while (!queue.isEmpty()) {
                var next = methods.get(queue.poll());
                if (next == null) {
                    continue;
                }
                sends |= next.sendsStatement;
                constants.addAll(next.constants);
                next.staticFields.stream().map(constantFields::get).filter(java.util.Objects::nonNull).forEach(constants::add);
                next.ownCalls.stream().filter(seen::add).forEach(queue::add);
            }
            if (!sends) {
                return;
            }
            if (test.test(constants)) {
                out.add(c.getName() + "." + signature + ": " + what);
            }
        });
        return out;
    }

    static boolean writesTimeline(List<String> constants) {
        var normalized = constants.stream().map(s -> s.replace('\u0001', ' ').replace('\u0002', ' ')
                .replaceAll("\\s+", " ").toLowerCase(Locale.ROOT)).toList();
        if (normalized.stream().anyMatch(s -> WRITE_OF_TIMELINE.matcher(s).find())
                || WRITE_OF_TIMELINE.matcher(String.join(" ", normalized)).find()) {
            return true;
        }
        // "delete from " + table, and the table named elsewhere in the same method
        var open = constants.stream().map(s -> s.toLowerCase(Locale.ROOT))
                .anyMatch(s -> s.contains("\u0001") ? java.util.Arrays.stream(s.split("\u0001", -1))
                        .anyMatch(part -> OPEN_WRITE.matcher(part.replaceAll("\\s+", " ").stripLeading()).find())
                        : OPEN_WRITE.matcher(s.replaceAll("\\s+", " ")).find());
        return open && normalized.stream().anyMatch(s -> NAMES_TIMELINE.matcher(s).find());
    }

    /** A call that sends a statement of its text argument: JPA, Hibernate, JdbcClient, Spring's JdbcTemplate, JDBC. */
    private static boolean sendsStatement(String owner, String name) {
        return switch (owner) {
            case "jakarta/persistence/EntityManager" -> name.startsWith("create") && name.contains("Query");
            case "org/springframework/jdbc/core/simple/JdbcClient" -> name.equals("sql");
            case "org/springframework/jdbc/core/JdbcTemplate", "org/springframework/jdbc/core/JdbcOperations",
                 "org/springframework/jdbc/core/namedparam/NamedParameterJdbcTemplate",
                 "org/springframework/jdbc/core/namedparam/NamedParameterJdbcOperations" ->
                    name.startsWith("update") || name.startsWith("execute") || name.startsWith("batchUpdate")
                            || name.startsWith("query");
            case "java/sql/Connection" -> name.startsWith("prepare") || name.equals("nativeSQL");
            case "java/sql/Statement", "java/sql/PreparedStatement" -> name.startsWith("execute") || name.equals("addBatch");
            default -> owner.startsWith("org/hibernate/") && name.startsWith("create") && name.contains("Query");
        };
    }
}
