# cvw on Debian 12, built and run with the same scripts as the README.
FROM debian:12
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates git && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/cvw
COPY . .
RUN scripts/install-deps.sh && scripts/build.sh release && rm -rf /var/lib/apt/lists/*
EXPOSE 8080
ENV CVW_LISTEN_ADDRESS=0.0.0.0
# Demo data lives in /opt/cvw/demo; mount a volume there to keep users and history.
CMD ["scripts/run.sh"]
