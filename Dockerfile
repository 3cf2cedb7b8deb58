# Build with the Maven wrapper, run the jar as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests && cp target/training-service-*.jar /src/app.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --create-home --uid 10001 trainer && mkdir -p /data && chown trainer /data
WORKDIR /app
COPY --from=build /src/app.jar /app/app.jar
USER trainer
# Offline and without telemetry in this JVM and in every training process it starts (they inherit the environment).
ENV TRAINING_DATA_DIR=/data \
    OPT_OUT_TRACKING=true \
    DJL_CACHE_DIR=/data/djl-cache \
    JAVA_TOOL_OPTIONS="-Dai.djl.offline=true -DOPT_OUT_TRACKING=true"
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
