FROM maven:3.9-eclipse-temurin-17 AS builder
WORKDIR /build
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests

# Runtime: a JRE instead of the JDK and build tool.
FROM eclipse-temurin:17-jre
WORKDIR /build
COPY --from=builder /build/target/orders-1.4.0.jar /build/target/orders-1.4.0.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/build/target/orders-1.4.0.jar"]
