FROM maven:3.9.6-eclipse-temurin-21-alpine AS builder
WORKDIR /app
COPY . .
RUN mvn --batch-mode clean package \
        -DskipTests \
        -Dmaven.javadoc.skip=true

# Runtime: a JRE instead of the JDK and build tool.
FROM eclipse-temurin:21-jre-alpine
WORKDIR /app
COPY --from=builder /app/target/inventory-2.0.1.jar /app/target/inventory-2.0.1.jar
USER 1000
CMD ["sh", "-c", "java $JAVA_OPTS -jar target/inventory-2.0.1.jar"]
