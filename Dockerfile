# syntax=docker/dockerfile:1
# One static binary for every role (serve, worker, migrate, CLI).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata \
      -ldflags "-s -w -X main.version=${VERSION}" -o /out/greenhouse ./cmd/greenhouse \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/greenhouse /usr/local/bin/greenhouse
# The embedded SQLite default keeps its file (and generated secret) here,
# owned by the non-root user (distroless has no shell to chown at run time).
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
ENV GREENHOUSE_DATA_DIR=/data
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s \
  CMD ["/usr/local/bin/greenhouse", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/greenhouse"]
CMD ["serve"]
